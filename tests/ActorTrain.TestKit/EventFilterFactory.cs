using ActorTrain.Runtime.Actors.Event;

namespace ActorTrain.TestKit;

/// <summary>
/// Builds filters over log events and dead letters, matched at publish time; text criteria (message, start, contains)
/// apply to the event's message or, for errors, its cause's message.
/// </summary>
public sealed class EventFilterFactory(TestKitBase testKit)
{
    public EventFilterApplier Exception<TException>(string? message = null, string? start = null, string? contains = null, string? source = null)
        where TException : Exception =>
        Exception(typeof(TException), message, start, contains, source);

    public EventFilterApplier Exception(Type exceptionType, string? message = null, string? start = null, string? contains = null, string? source = null) =>
        new(testKit, $"Error with {exceptionType.Name}", e =>
            e is Error { Cause: { } cause } error && exceptionType.IsInstanceOfType(cause)
            && Matches(error, message, start, contains, source));

    public EventFilterApplier Error(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        ForLevel<Error>(message, start, contains, source);

    public EventFilterApplier Warning(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        ForLevel<Warning>(message, start, contains, source);

    public EventFilterApplier Info(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        ForLevel<Info>(message, start, contains, source);

    public EventFilterApplier Debug(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        ForLevel<Debug>(message, start, contains, source);

    public EventFilterApplier DeadLetter<T>(Predicate<T>? isMatch = null) =>
        new(testKit, $"DeadLetter of {typeof(T).Name}", e =>
            e is DeadLetter { Message: T message } && (isMatch is null || isMatch(message)));

    public EventFilterApplier DeadLetter() => DeadLetter<object>();

    private EventFilterApplier ForLevel<TEvent>(string? message, string? start, string? contains, string? source) where TEvent : LogEvent =>
        new(testKit, typeof(TEvent).Name, e => e is TEvent logEvent && Matches(logEvent, message, start, contains, source));

    private static bool Matches(LogEvent e, string? message, string? start, string? contains, string? source)
    {
        if (source is not null && e.LogSource != source) return false;
        var texts = e is Error { Cause: { } cause } ? new[] { e.Message.ToString() ?? "", cause.Message } : [e.Message.ToString() ?? ""];
        return texts.Any(text =>
            (message is null || text == message)
            && (start is null || text.StartsWith(start, StringComparison.Ordinal))
            && (contains is null || text.Contains(contains, StringComparison.Ordinal)));
    }
}

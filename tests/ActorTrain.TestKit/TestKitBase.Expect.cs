using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>Expectations on the test actor's queue; each consumes what it inspects.</summary>
public abstract partial class TestKitBase
{
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(_ => true, timeout, hint: null);

    public T ExpectMsg<T>(T message, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => Equals(m, message), timeout, hint: $"equal to {message}");

    public T ExpectMsg<T>(Predicate<T> isMessage, TimeSpan? timeout = null, string? hint = null)
    {
        var wait = RemainingOrDilated(timeout);
        var envelope = TryReceive(wait);
        if (envelope is not { } received)
        {
            Assert.Fail($"Timeout ({Ms(wait)}) while waiting for a message of type {typeof(T).Name}{Hint(hint)}");
            return default!;
        }
        if (received.Message is not T typed)
        {
            Assert.Fail($"Expected a message of type {typeof(T).Name}{Hint(hint)}, but received {{{received.Message}}} (type {received.Message.GetType().Name}) from {received.Sender}");
            return default!;
        }
        if (!isMessage(typed)) Assert.Fail($"Message {{{typed}}} from {received.Sender} did not match{Hint(hint)}");
        return typed;
    }

    /// <summary>Expects these messages in any order, and nothing else in between.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(params T[] messages)
    {
        var received = ReceiveN(messages.Length).ToList();
        var missing = messages.ToList();
        foreach (var message in received)
            if (!missing.Remove((T)message)) Assert.Fail($"Unexpected message {{{message}}} while expecting all of [{string.Join(", ", messages)}]");
        return received.Cast<T>().ToList();
    }

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/> (dilated).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        var wait = RemainingOrDilated(duration);
        if (TryReceive(wait) is { } envelope)
            Assert.Fail($"Expected no message for {Ms(wait)}, but received {{{envelope.Message}}} from {envelope.Sender}");
        _lastWasNoMsg = true;
    }

    public void ExpectNoMsg() => ExpectNoMsg(RemainingOrDefault);

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/>; the test actor must <see cref="Watch"/> it.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, hint: $"Terminated of {target}");

    /// <summary>Skips messages until one matches, and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null) => FishForMessage<object>(isMessage, max);

    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null)
    {
        var wait = RemainingOrDilated(max);
        var deadline = Now + wait;
        while (true)
        {
            var envelope = TryReceive(deadline - Now);
            if (envelope is null)
            {
                Assert.Fail($"Timeout ({Ms(wait)}) while fishing for a message of type {typeof(T).Name}");
                return default!;
            }
            if (envelope.Value.Message is T typed && isMessage(typed)) return typed;
        }
    }

    /// <summary>Receives exactly <paramref name="numberOfMessages"/> messages within <paramref name="max"/>.</summary>
    public IReadOnlyList<object> ReceiveN(int numberOfMessages, TimeSpan? max = null)
    {
        var wait = RemainingOrDilated(max);
        var deadline = Now + wait;
        var received = new List<object>(numberOfMessages);
        while (received.Count < numberOfMessages)
        {
            if (TryReceive(deadline - Now) is not { } envelope)
            {
                Assert.Fail($"Timeout ({Ms(wait)}) while waiting for {numberOfMessages} messages: got {received.Count}");
                break;
            }
            received.Add(envelope.Message);
        }
        return received;
    }

    private static string Hint(string? hint) => hint is null ? "" : $" ({hint})";
}

namespace ActorTrain.Runtime.Tests.Actors;

using System.Collections.Concurrent;
using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Actors.Event;
using ActorTrain.TestKit;
using Microsoft.Extensions.Logging;

public sealed class LoggingSpec : TestKit
{
    private readonly CapturingLoggerFactory _loggers;

    public LoggingSpec() : this(new CapturingLoggerFactory()) { }

    private LoggingSpec(CapturingLoggerFactory loggers) : base(new ActorSystemSettings { LoggerFactory = loggers }) => _loggers = loggers;

    [Fact]
    public void Log_ErrorFromActor_WrittenToILoggerWithSourceAndCause()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Failing()), "noisy");
        var cause = new TimeoutException("late");
        actor.Tell(cause, TestActor);
        AwaitCondition(() => _loggers.Entries.Any(e => e.Level == LogLevel.Error));
        var entry = _loggers.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.Same(cause, entry.Exception);
        Assert.Contains("/user/noisy", entry.Text);
    }

    [Fact]
    public void Mute_MatchingErrors_NotWrittenToILoggerButStillPublished()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Failing()));
        Sys.EventStream.Subscribe(TestActor, typeof(Error));
        using (EventFilter.Exception<TimeoutException>().Mute())
        {
            actor.Tell(new TimeoutException("muted"), TestActor);
            ExpectMsg<Error>();
        }
        Assert.DoesNotContain(_loggers.Entries, e => e.Level == LogLevel.Error);
    }

    /// <summary>Logs every exception it is sent as an error.</summary>
    private sealed class Failing : ReceiveActor
    {
        public Failing() => Receive<Exception>(e => Context.GetLogger().Error(e, "reporting {0}", e.Message));
    }

    private sealed record Entry(LogLevel Level, string Text, Exception? Exception);

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception));
    }
}

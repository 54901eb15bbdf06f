using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrain.Runtime.Actors;

/// <summary>Settings of one actor system; the defaults equal Akka's where Akka has the same knob.</summary>
public sealed class ActorSystemSettings
{
    /// <summary>Where log events are written besides the event stream.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Log events below this level are not published (Akka's <c>loglevel</c>, default INFO).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>
    /// Akka's <c>serialize-messages</c>: every local Tell passes its message through <see cref="MessageRoundTrip"/>,
    /// so what works in one process also works across nodes. Messages marked
    /// <see cref="INoSerializationVerificationNeeded"/> and system messages are exempt.
    /// </summary>
    public bool SerializeMessages { get; init; }

    /// <summary>Serialize-then-deserialize of one message (the codec); required when <see cref="SerializeMessages"/> is on.</summary>
    public Func<object, object>? MessageRoundTrip { get; init; }

    /// <summary>User messages one mailbox run may process before yielding its thread (Akka's <c>throughput</c>, default 30).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>How many dead letters are written to the ILogger before going quiet (Akka's <c>log-dead-letters</c>, default 10); all are published.</summary>
    public int LogDeadLetters { get; init; } = 10;

    internal void Validate()
    {
        if (SerializeMessages && MessageRoundTrip is null)
            throw new ConfigurationException("SerializeMessages is on but no MessageRoundTrip codec is set");
        if (Throughput < 1) throw new ConfigurationException($"Throughput must be at least 1, got {Throughput}");
    }
}

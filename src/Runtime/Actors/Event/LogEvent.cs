using Microsoft.Extensions.Logging;

namespace ActorTrain.Runtime.Actors.Event;

/// <summary>A log entry published on the event stream (and written to the system's ILogger).</summary>
public abstract class LogEvent(string logSource, Type logClass, object message) : INoSerializationVerificationNeeded
{
    public DateTime Timestamp { get; } = DateTime.UtcNow;
    public string LogSource { get; } = logSource;
    public Type LogClass { get; } = logClass;
    public object Message { get; } = message;
    public abstract LogLevel Level { get; }

    public override string ToString() => $"[{Level}][{Timestamp:O}][{LogSource}] {Message}";
}

public sealed class Error(Exception? cause, string logSource, Type logClass, object message) : LogEvent(logSource, logClass, message)
{
    public Exception? Cause { get; } = cause;
    public override LogLevel Level => LogLevel.Error;
    public override string ToString() => Cause is null ? base.ToString() : $"{base.ToString()}{Environment.NewLine}{Cause}";
}

public sealed class Warning(string logSource, Type logClass, object message) : LogEvent(logSource, logClass, message)
{
    public override LogLevel Level => LogLevel.Warning;
}

public sealed class Info(string logSource, Type logClass, object message) : LogEvent(logSource, logClass, message)
{
    public override LogLevel Level => LogLevel.Information;
}

public sealed class Debug(string logSource, Type logClass, object message) : LogEvent(logSource, logClass, message)
{
    public override LogLevel Level => LogLevel.Debug;
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ActorTrain.Runtime.Actors.Event;

/// <summary>The logging adapter of one source (an actor path or a system component).</summary>
internal sealed class BusLogging(ActorSystem system, string logSource, Type logClass) : ILoggingAdapter
{
    public void Debug(string format, params object?[] args)
    {
        if (system.IsLogEnabled(LogLevel.Debug)) system.PublishLog(new Debug(logSource, logClass, Format(format, args)));
    }

    public void Info(string format, params object?[] args)
    {
        if (system.IsLogEnabled(LogLevel.Information)) system.PublishLog(new Info(logSource, logClass, Format(format, args)));
    }

    public void Warning(string format, params object?[] args)
    {
        if (system.IsLogEnabled(LogLevel.Warning)) system.PublishLog(new Warning(logSource, logClass, Format(format, args)));
    }

    public void Error(string format, params object?[] args) =>
        system.PublishLog(new Error(null, logSource, logClass, Format(format, args)));

    public void Error(Exception cause, string format, params object?[] args) =>
        system.PublishLog(new Error(cause, logSource, logClass, Format(format, args)));

    private static string Format(string format, object?[] args) =>
        args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}

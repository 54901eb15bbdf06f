namespace ActorTrain.Runtime.Actors.Event;

/// <summary>
/// Logging from actors: entries become <see cref="LogEvent"/>s on the event stream and lines in the system's ILogger.
/// Formats use <see cref="string.Format(string, object[])"/> placeholders (<c>{0}</c>), as Akka.NET's.
/// </summary>
public interface ILoggingAdapter
{
    void Debug(string format, params object?[] args);
    void Info(string format, params object?[] args);
    void Warning(string format, params object?[] args);
    void Error(string format, params object?[] args);
    void Error(Exception cause, string format, params object?[] args);
}

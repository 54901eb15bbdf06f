using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ActorTrain.Host.Reporting;

/// <summary>Writes the runtime's warnings and errors (restarts, re-plans, rewinds) to the same console as the progress.</summary>
public sealed class AnsiConsoleLoggerProvider(IAnsiConsole console, LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(console, minimum);

    public void Dispose() { }

    private sealed class Logger(IAnsiConsole console, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string color = logLevel >= LogLevel.Error ? "red" : "yellow";
            string text = formatter(state, exception) + (exception is null ? "" : $": {exception.Message}");
            lock (console) console.MarkupLine($"[{color}]{logLevel.ToString().ToLowerInvariant()}:[/] {Markup.Escape(text)}");
        }
    }
}

using ActorTrain.Testing;
using ActorTrain.Host.Commands;
using Spectre.Console;

namespace ActorTrain.Host.Tests;

/// <summary>Runs `actortrain train` in-process from the repository root, capturing what it prints.</summary>
internal sealed class HostRun : IDisposable
{
    public HostRun() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "actortrain-host-" + Guid.NewGuid().ToString("N"));

    public string Out(string name) => Path.Combine(Root, name);

    public (int Exit, string Output) Train(string? outDir, params string[] sets) => Run(outDir, null, null, sets);

    public (int Exit, string Output) Run(string? outDir, string? resume, string? initFrom, IReadOnlyList<string> sets, string? config = null)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        int exit = TrainCommand.Run(config ?? RepositoryRoot.File("cluster.hocon"), sets, outDir, resume, initFrom, console);
        return (exit, writer.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

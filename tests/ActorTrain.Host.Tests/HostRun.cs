using ActorTrain.Host.Commands;
using Spectre.Console;

namespace ActorTrain.Host.Tests;

/// <summary>Runs `actortrain train` in-process from the repository root, capturing what it prints.</summary>
internal sealed class HostRun : IDisposable
{
    public HostRun() => Directory.CreateDirectory(Root);

    public static string RepositoryRoot { get; } = FindRoot();

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
        int exit = TrainCommand.Run(config ?? Path.Combine(RepositoryRoot, "cluster.hocon"), sets, outDir, resume, initFrom, console);
        return (exit, writer.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorTrain.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no ActorTrain.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

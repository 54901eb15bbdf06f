using Spectre.Console;

namespace ActorTrain.Host.Reporting;

/// <summary>The console the CLI writes to: colours and redraws on a terminal; plain, wide text when redirected to a file or CI log.</summary>
public static class HostConsole
{
    public static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}

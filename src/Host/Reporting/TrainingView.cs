using ActorTrain.Kernels.Training;
using Spectre.Console;

namespace ActorTrain.Host.Reporting;

/// <summary>
/// What a person sees during training: a progress line per epoch (samples/s, loss) that redraws in place on a
/// terminal and prints a few plain lines when output is redirected, and a table row set per epoch.
/// </summary>
public sealed class TrainingView(IAnsiConsole console)
{
    private readonly bool _interactive = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
    private DateTime _lastDraw;
    private int _lastPercent = -1;

    public void Step(StepProgress p, int epochs)
    {
        int done = p.BatchesDone;
        int percent = 100 * done / p.BatchesPerEpoch;
        string text = $"epoch {p.Epoch + 1}/{epochs} [{Bar(done, p.BatchesPerEpoch)}] {percent,3}%  loss {p.Loss:F4}  {p.SamplesPerSecond,8:N0} samples/s";
        if (_interactive)
        {
            if (DateTime.UtcNow - _lastDraw < TimeSpan.FromMilliseconds(100) && done < p.BatchesPerEpoch) return;
            _lastDraw = DateTime.UtcNow;
            Console.Write("\r" + text);
            if (done == p.BatchesPerEpoch) Console.WriteLine();
        }
        else if (percent / 25 != _lastPercent / 25 || done == p.BatchesPerEpoch)
        {
            _lastPercent = percent;
            console.WriteLine(text);
        }
    }

    public void Epoch(EpochMetrics m)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"epoch {m.Epoch + 1}");
        table.AddColumns("train loss", "val loss", "val acc", "lr", "samples/s", "update/weight per layer");
        table.AddRow(
            $"{m.TrainLoss:F4}", $"{m.ValidationLoss:F4}", $"{100 * m.ValidationAccuracy:F2}%", $"{m.LearningRate:G4}", $"{m.SamplesPerSecond:N0}",
            Markup.Escape(string.Join("  ", m.UpdateRatios.Select(p => $"{p.Key} {p.Value:E1}"))));
        console.Write(table);
    }

    private static string Bar(int done, int total)
    {
        const int width = 24;
        int filled = width * done / total;
        return new string('#', filled) + new string('.', width - filled);
    }
}

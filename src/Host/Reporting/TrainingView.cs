using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Training.DataParallel;
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
    private bool _lineOpen; // a progress line was drawn in place and not yet ended

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
            _lineOpen = done < p.BatchesPerEpoch;
            if (!_lineOpen) Console.WriteLine();
        }
        else if (percent / 25 != _lastPercent / 25 || done == p.BatchesPerEpoch)
        {
            _lastPercent = percent;
            console.WriteLine(text);
        }
    }

    /// <summary>Data parallelism: each worker's completed steps and the spread between them (staleness), a few times per epoch.</summary>
    public void Workers(WorkerProgress p)
    {
        long done = p.StepsDone.Where(s => s >= 0).DefaultIfEmpty(0).Max();
        int percent = (int)(100 * done / Math.Max(1, p.TotalSteps));
        if (!_interactive && percent / 10 == _lastPercent / 10) return;
        if (_interactive && DateTime.UtcNow - _lastDraw < TimeSpan.FromMilliseconds(200)) return;
        _lastDraw = DateTime.UtcNow;
        _lastPercent = percent;
        // Per worker: steps done, steps behind the most advanced (its staleness), and its own samples/s.
        string workers = string.Join("  ", p.StepsDone.Select((s, i) => s < 0 ? $"w{i} gone" : $"w{i} {s} −{done - s} {p.WorkerSamplesPerSecond[i] / 1000:F1}k/s"));
        string text = $"[{Bar((int)done, (int)Math.Max(1, p.TotalSteps))}] {percent,3}%  {workers}  spread {p.MaxSpread}  {p.SamplesPerSecond,8:N0} samples/s";
        if (!_interactive)
        {
            console.WriteLine(text);
            return;
        }
        Console.Write("\r" + text);
        _lineOpen = true;
    }

    public void Epoch(EpochMetrics m)
    {
        if (_lineOpen) Console.WriteLine();
        _lineOpen = false;
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

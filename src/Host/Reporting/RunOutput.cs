using System.Text.Json;
using System.Text.Json.Nodes;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Host.Reporting;

/// <summary>
/// The files a run leaves in its output folder: metrics.jsonl (one object per epoch, deterministic for a seed: no
/// wall-clock values), summary.json (results, timings, resolved config) and config.hocon (the resolved config).
/// </summary>
public sealed class RunOutput(string directory)
{
    public string Directory { get; } = directory;
    public string MetricsPath => Path.Combine(Directory, "metrics.jsonl");
    public string SummaryPath => Path.Combine(Directory, "summary.json");
    public string CheckpointDirectory => Path.Combine(Directory, "checkpoints");

    public void Prepare(string resolvedConfig, bool resuming, int firstEpoch)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "config.hocon"), resolvedConfig);
        if (!resuming || !File.Exists(MetricsPath))
        {
            File.WriteAllText(MetricsPath, "");
            return;
        }
        // Keep the epochs that the checkpoint already covers; later lines belong to the interrupted attempt.
        var kept = File.ReadAllLines(MetricsPath).Where(l => l.Length > 0).Take(firstEpoch);
        File.WriteAllLines(MetricsPath, kept);
    }

    public void Append(EpochMetrics m)
    {
        var line = new JsonObject
        {
            ["epoch"] = m.Epoch + 1,
            ["step"] = m.Step,
            ["train_loss"] = m.TrainLoss,
            ["validation_loss"] = Finite(m.ValidationLoss),
            ["validation_accuracy"] = Finite(m.ValidationAccuracy),
            ["learning_rate"] = m.LearningRate,
            ["update_ratio"] = new JsonObject(m.UpdateRatios.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        File.AppendAllText(MetricsPath, line.ToJsonString() + "\n");
    }

    public void WriteSummary(JsonObject summary) =>
        File.WriteAllText(SummaryPath, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>JSON has no NaN: an absent validation set is written as null.</summary>
    public static JsonNode? Finite(double value) => double.IsFinite(value) ? value : null;
}

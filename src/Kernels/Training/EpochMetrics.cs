namespace ActorTrain.Kernels.Training;

/// <summary>What one epoch produced; one line of metrics.jsonl.</summary>
/// <param name="UpdateRatios">per layer, ‖Δw‖/‖w‖ of the epoch's last update (healthy around 1e-3).</param>
public sealed record EpochMetrics(
    int Epoch,
    long Step,
    double TrainLoss,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double SamplesPerSecond,
    double Seconds,
    IReadOnlyDictionary<string, double> UpdateRatios);

/// <summary>Progress of one optimizer step, for a live progress bar.</summary>
public readonly record struct StepProgress(int Epoch, int BatchesDone, int BatchesPerEpoch, long Step, double Loss, double SamplesPerSecond);

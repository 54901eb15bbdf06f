using ActorTrain.Kernels.Training;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>How a data-parallel run ended: the final parameters and state, per-epoch metrics, and what its failures cost.</summary>
/// <param name="MaxStepSpread">the largest difference of completed steps between live workers ever observed (bounded mode's staleness).</param>
public sealed record DataParallelResult(
    float[] Parameters,
    float[] State,
    IReadOnlyList<EpochMetrics> Epochs,
    long Steps,
    int WorkerRestarts,
    IReadOnlyList<int> LostWorkers,
    int Rewinds,
    long MaxStepSpread,
    TimeSpan TrainingTime)
{
    public double SamplesPerSecond { get; init; }

    /// <summary>Where the time went: worker idle fractions, shard busy fractions, gradient bytes applied per second.</summary>
    public RunStatistics? Statistics { get; init; }
}

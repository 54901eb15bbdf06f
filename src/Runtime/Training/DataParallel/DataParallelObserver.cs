using ActorTrain.Kernels.Training;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>Progress of the workers: completed steps of each (−1 for a worker planned out), and the committed step.</summary>
/// <param name="SamplesPerSecond">training rows per second since the run started, all workers together.</param>
/// <param name="WorkerSamplesPerSecond">each worker's own rows per second since the run started.</param>
public sealed record WorkerProgress(long[] StepsDone, long TotalSteps, long MaxSpread, double SamplesPerSecond, double[] WorkerSamplesPerSecond);

/// <summary>Callbacks a data-parallel run reports to; invoked on the coordinator's thread, so they must be quick.</summary>
public sealed record DataParallelObserver
{
    public Action<EpochMetrics>? Epoch { get; init; }
    public Action<WorkerProgress>? Progress { get; init; }

    public static DataParallelObserver None { get; } = new();
}

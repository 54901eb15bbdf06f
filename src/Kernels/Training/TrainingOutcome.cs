namespace ActorTrain.Kernels.Training;

/// <summary>How a run ended.</summary>
/// <param name="Interrupted">cancelled; a checkpoint of the stopping point was written when a store was given.</param>
public sealed record TrainingOutcome(
    IReadOnlyList<EpochMetrics> Epochs,
    long Steps,
    bool StoppedEarly,
    bool Interrupted,
    double SamplesPerSecond,
    TimeSpan TrainingTime);

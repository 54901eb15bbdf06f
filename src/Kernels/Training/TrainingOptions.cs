using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Kernels.Training;

/// <summary>The knobs of a training run that are not the model itself.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per forward/backward pass (a micro-batch when accumulating).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Micro-batches whose gradients are summed (and averaged) before one optimizer update.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Optimizer kind and hyperparameters; LearningRate and Step are filled per update.</summary>
    public required OptimizerUpdate Optimizer { get; init; }

    public required ILearningRateSchedule Schedule { get; init; }

    public ulong Seed { get; init; }

    /// <summary>Stop after this many epochs without a lower validation loss; 0 disables early stopping.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Write a checkpoint every this many updates (0: only at epoch ends), when a store is given.</summary>
    public int CheckpointEverySteps { get; init; }

    public Augmentation Augmentation { get; init; } = new();

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (AccumulationSteps < 1) throw new ArgumentOutOfRangeException(nameof(AccumulationSteps), AccumulationSteps, "gradient accumulation needs at least 1 micro-batch");
        if (EarlyStoppingPatience < 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "patience must be ≥ 0");
        if (CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "checkpoint interval must be ≥ 0");
    }
}

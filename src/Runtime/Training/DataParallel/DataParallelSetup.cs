using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Everything the actors of one data-parallel run share. Handed to actors through Props (in-process), never sent as a
/// message: it holds factories and the data sets, which a multi-node deployment gives each node from its own config.
/// </summary>
public sealed record DataParallelSetup
{
    public required Consistency Consistency { get; init; }
    public int Staleness { get; init; } = 2;
    public int PullEvery { get; init; } = 1;

    /// <summary>Device name per worker, e.g. ["cpu:0", "cpu:1"]; worker i runs on Devices[i].</summary>
    public required IReadOnlyList<string> Devices { get; init; }
    public required ShardRange[] Shards { get; init; }

    /// <summary>Rows of one global (micro-)batch, split across live workers.</summary>
    public required int GlobalBatch { get; init; }
    public int Accumulation { get; init; } = 1;
    public required int Epochs { get; init; }
    public required ulong Seed { get; init; }
    public required OptimizerUpdate Optimizer { get; init; }
    public required ILearningRateSchedule Schedule { get; init; }

    /// <summary>Largest float count of one gradient or parameter message; bigger slices travel in several chunks.</summary>
    public int ChunkFloats { get; init; } = 1 << 14;

    /// <summary>Which threads run the server shards.</summary>
    public ShardDispatcher ShardDispatcher { get; init; } = ShardDispatcher.Auto;

    /// <summary>
    /// Whether workers push a dense layer's weight gradient in blocks as they complete, rather than per layer; null
    /// decides as <see cref="ShardDispatcherExtensions.PushesWithinLayers"/> does (when the shards run on a core the
    /// workers leave idle). Set, it forces either way (tests exercise the blocks so).
    /// </summary>
    public bool? PushWithinLayers { get; init; }

    /// <summary>
    /// Whether a lone sync worker pushes its whole gradient at the end of each step, one message per shard, which applies
    /// its range in one pass; null decides as <see cref="ShardDispatcherExtensions.PushesWholeSteps"/> does (when the
    /// shards run on the worker's own thread). Set, it forces either way (tests compare the two); forced on, it needs
    /// sync, one device and no clipping, and excludes pushing within layers.
    /// </summary>
    public bool? PushWholeSteps { get; init; }

    /// <summary>SyncBatchNorm: batch statistics over all replicas' rows instead of each replica's own.</summary>
    public bool SyncBatchNorm { get; init; }

    public required Dataset Training { get; init; }
    public required Dataset Validation { get; init; }

    /// <summary>Builds a model replica on a device for at most the given rows.</summary>
    public required Func<IDevice, int, Sequential> Model { get; init; }
    public required Func<Loss> Loss { get; init; }

    /// <summary>Creates the device of a worker from its name.</summary>
    public required Func<string, IDevice> Device { get; init; }

    /// <summary>Shard checkpoints go to DIR/shard-k/ every <see cref="CheckpointEverySteps"/> and at epoch ends; null disables them.</summary>
    public string? CheckpointDirectory { get; init; }
    public int CheckpointEverySteps { get; init; }

    public FaultInjection Faults { get; init; } = FaultInjection.None;

    /// <summary>Restarts a worker may take within <see cref="RestartWindow"/> before it is stopped for good.</summary>
    public int MaxWorkerRestarts { get; init; } = 3;
    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait for progress: workers behind the others are then planned out as hung; a stall with none behind fails the run instead of hanging.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int ParameterCount => Shards[^1].End;

    /// <summary>Global batches per epoch (the last may be smaller).</summary>
    public int BatchesPerEpoch => (Training.Count + GlobalBatch - 1) / GlobalBatch;

    /// <summary>Updates per epoch: each consumes <see cref="Accumulation"/> batches (the epoch's last may take fewer).</summary>
    public int StepsPerEpoch => (BatchesPerEpoch + Accumulation - 1) / Accumulation;

    public long TotalSteps => (long)StepsPerEpoch * Epochs;

    public bool IsEpochEnd(long version) => version > 0 && version % StepsPerEpoch == 0;

    public bool IsCheckpointStep(long version) =>
        CheckpointDirectory is not null && (IsEpochEnd(version) || (CheckpointEverySteps > 0 && version % CheckpointEverySteps == 0));

    /// <summary>The (epoch, first batch, batch count) of a global step.</summary>
    public (int Epoch, int FirstBatch, int Batches) Batches(long step)
    {
        int epoch = (int)(step / StepsPerEpoch), first = (int)(step % StepsPerEpoch) * Accumulation;
        return (epoch, first, Math.Min(Accumulation, BatchesPerEpoch - first));
    }

    /// <summary>Rows [start, end) of a batch of <paramref name="rows"/> that the live worker at <paramref name="position"/> takes.</summary>
    public static (int Start, int End) Partition(int rows, int position, int liveWorkers) =>
        (rows * position / liveWorkers, rows * (position + 1) / liveWorkers);
}

using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Failures in the middle of a sync step, where shards apply chunk by chunk: a worker that dies part-way through its
/// push leaves some chunks applied (or, past a shard boundary, one shard a step ahead of the other), and a hung worker
/// stalls everyone until the step-timeout. Each run must still end as the single-device loop (or the fault-free run).
/// Every scenario runs twice: with serialize-messages on (as across processes) and in process, where messages share
/// arrays and the shards recycle them (<see cref="ChunkPool"/>), so a redo must not read a recycled chunk.
/// </summary>
public abstract class DataParallelFaultTests(bool serializeMessages)
{
    private DataParallelResult Run(DataParallelSetup setup)
    {
        var result = DataParallelTrainer.Run(setup, serializeMessages);
        PoisonReleasedChunks.AssertNoRaces();
        return result;
    }

    /// <summary>Two workers, no clipping (so chunks are applied as they come); worker 1 dies at <paramref name="step"/> after <paramref name="chunks"/> chunks.</summary>
    private static DataParallelSetup CrashMidPush(int chunks, bool always, bool clipping = false, long step = 5) =>
        DataParallelFixture.Setup(2, clipping: clipping) with
        {
            Faults = new FaultInjection { WorkerCrashAtStep = step, Worker = 1, WorkerCrashAlways = always, WorkerCrashAfterChunks = chunks },
            MaxWorkerRestarts = 1,
        };

    private static int ChunksOfShard0(DataParallelSetup setup) => (setup.Shards[0].Length + setup.ChunkFloats - 1) / setup.ChunkFloats;

    private static T WithCheckpoints<T>(Func<string, T> run)
    {
        string dir = Path.Combine(Path.GetTempPath(), "actortrain-dp-" + Guid.NewGuid().ToString("N"));
        try
        {
            return run(dir);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)] // the first layer pushed in blocks: the crash falls between two of them
    public void Sync_WorkerLostMidPushWithinAShard_KeepsTheAppliedChunksAndEqualsSingleDevice(bool clipping, bool pushWithinLayers)
    {
        var setup = CrashMidPush(chunks: ChunksOfShard0(DataParallelFixture.Setup(2)) / 2, always: true, clipping) with
        {
            PushWithinLayers = pushWithinLayers ? true : null,
            ShardDispatcher = pushWithinLayers ? ShardDispatcher.ThreadPool : ShardDispatcher.Auto,
        };
        var result = Run(setup);
        Assert.Equal([1], result.LostWorkers);
        Assert.Equal(0, result.Rewinds);
        // The applied chunks summed both workers' halves, the rest worker 0's whole batch: the same gradient either way.
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sync_WorkerLostWithAShardCompleted_RedoesTheLowerStepAndEqualsSingleDevice(bool clipping)
    {
        // Pushes go last chunk first (the order backward completes them): worker 1 pushes every chunk of shard 1 and
        // none of shard 0, so without clipping shard 1 completes step 5 and shard 0 cannot. Worker 0 then redoes
        // step 5; shard 1 drops it and serves the version before. Under clipping no shard applies before the global
        // norm, so nothing is split. No checkpoints either way: nothing needs a rewind.
        var setup = CrashMidPush(chunks: ChunksOfShard0(DataParallelFixture.Setup(2)), always: true, clipping);
        var result = Run(setup);
        Assert.Equal([1], result.LostWorkers);
        Assert.Equal(0, result.Rewinds);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
    }

    [Fact]
    public void Sync_WorkerRestartedWithTheShardsSplit_RedoesItsStepAndEndsAsTheFaultFreeRun()
    {
        // The restarted worker finds shard 1 a step ahead: it gets the version before from it, redoes step 5, and only
        // shard 0 takes the push. Nothing waits for the step-timeout (the worker would be planned out).
        var setup = CrashMidPush(chunks: ChunksOfShard0(DataParallelFixture.Setup(2)), always: false);
        var clean = Run(setup with { Faults = FaultInjection.None });
        var faulty = Run(setup);
        Assert.Equal(1, faulty.WorkerRestarts);
        Assert.Empty(faulty.LostWorkers);
        Assert.Equal(clean.Parameters, faulty.Parameters);
    }

    /// <summary>
    /// A lone worker pushing whole steps keeps no version from before on its shards: it fails before its first push or
    /// after its last, so a crash at its push, "after N chunks" included, leaves every shard at the step before, which
    /// the restarted worker redoes.
    /// </summary>
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Sync_LoneWorkerPushingWholeStepsRestarted_RedoesItsStepAndEndsAsTheFaultFreeRun(int afterChunks)
    {
        var setup = DataParallelFixture.Setup(1, clipping: false) with { ShardDispatcher = ShardDispatcher.CallingThread, MaxWorkerRestarts = 1 };
        Assert.True(setup.PushesWholeSteps());
        var clean = Run(setup);
        var faulty = Run(setup with { Faults = new FaultInjection { WorkerCrashAtStep = 5, Worker = 0, WorkerCrashAfterChunks = afterChunks } });
        Assert.Equal(1, faulty.WorkerRestarts);
        Assert.Empty(faulty.LostWorkers);
        Assert.Equal(clean.Parameters, faulty.Parameters);
    }

    [Fact]
    public void Sync_ShardCrashWithBatchNorm_RewindsTheRunningStatisticsTooAndEndsAsTheFaultFreeRun()
    {
        // The shards hold parameters only; the replicas' running statistics must go back to the checkpoint's step as well.
        var (clean, faulty) = WithCheckpoints(dir =>
        {
            var setup = DataParallelFixture.Setup(2, batchNorm: true) with { CheckpointDirectory = dir, CheckpointEverySteps = 4 };
            var first = Run(setup);
            Directory.Delete(dir, recursive: true);
            return (first, Run(setup with { Faults = new FaultInjection { ShardCrashAtStep = 9, Shard = 1 } }));
        });
        Assert.Equal(1, faulty.Rewinds);
        Assert.Equal(clean.Parameters, faulty.Parameters);
        Assert.Equal(clean.State, faulty.State);
        Assert.Equal(clean.Epochs.Select(e => e.ValidationLoss), faulty.Epochs.Select(e => e.ValidationLoss));
    }

    [Fact]
    public void Sync_FirstWorkerRestartedWithBatchNorm_GoesOnFromItsStatisticsAndEndsAsTheFaultFreeRun()
    {
        var setup = DataParallelFixture.Setup(2, batchNorm: true) with { MaxWorkerRestarts = 1 };
        var clean = Run(setup);
        var faulty = Run(setup with { Faults = new FaultInjection { WorkerCrashAtStep = 5, Worker = 0 } });
        Assert.Equal(1, faulty.WorkerRestarts);
        Assert.Equal(clean.Parameters, faulty.Parameters);
        Assert.Equal(clean.State, faulty.State);
    }

    [Fact]
    public void Sync_WorkerLostWithTheShardsSplitAtAnEpochEnd_StillEvaluatesThatEpoch()
    {
        // Step 9 is the epoch's last: shard 1 completes it (and sends its epoch-end slice) before the re-plan.
        var setup = CrashMidPush(chunks: ChunksOfShard0(DataParallelFixture.Setup(2)), always: true, step: 9) with { MaxWorkerRestarts = 0 };
        var result = Run(setup);
        Assert.Equal([1], result.LostWorkers);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
    }

    [Fact]
    public void Sync_SyncBatchNormWorkerRestartedMidPush_EveryoneRedoesTheStepAndTheRunEndsAsTheFaultFreeRun()
    {
        // The crash comes during the backward pass (the tail is pushed early), while the other replica waits in a
        // SyncBatchNorm reduction for it: a re-plan releases that wait, and both redo the step.
        var setup = DataParallelFixture.Setup(2, batchNorm: true, clipping: false) with
        {
            SyncBatchNorm = true,
            ChunkFloats = 10,
            MaxWorkerRestarts = 1,
            StepTimeout = TimeSpan.FromSeconds(20),
        };
        var clean = Run(setup);
        var faulty = Run(setup with { Faults = new FaultInjection { WorkerCrashAtStep = 5, Worker = 1, WorkerCrashAfterChunks = 2 } });
        Assert.Equal(1, faulty.WorkerRestarts);
        Assert.Empty(faulty.LostWorkers);
        Assert.Equal(clean.Parameters, faulty.Parameters);
        Assert.Equal(clean.State, faulty.State);
        Assert.True(faulty.TrainingTime < TimeSpan.FromSeconds(10), $"took {faulty.TrainingTime.TotalSeconds:F1} s: something waited for the step-timeout");
    }

    [Theory]
    [InlineData(Consistency.Sync)]
    [InlineData(Consistency.Bounded)]
    public void WorkerHung_IsPlannedOutAfterTheStepTimeoutAndTheRunCompletes(Consistency consistency)
    {
        var setup = DataParallelFixture.Setup(2, consistency) with
        {
            Staleness = 1,
            StepTimeout = TimeSpan.FromSeconds(1),
            Faults = new FaultInjection { WorkerHangAtStep = 5, Worker = 1 },
        };
        var result = Run(setup);
        Assert.Equal([1], result.LostWorkers);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        if (consistency == Consistency.Sync) DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
    }

    /// <summary>
    /// With SyncBatchNorm a hung replica holds the others in the step's reduction, so no worker is behind by its step
    /// count: the coordinator asks the reducer whom it waits for and plans that one out, and the healthy replicas redo
    /// the step without it (before, they timed out in the reduction themselves and the run failed with "no progress").
    /// </summary>
    [Fact]
    public void Sync_SyncBatchNormWorkerHung_IsPlannedOutAndTheRestEqualSingleDevice()
    {
        var setup = DataParallelFixture.Setup(3, batchNorm: true) with
        {
            SyncBatchNorm = true,
            StepTimeout = TimeSpan.FromSeconds(2),
            Faults = new FaultInjection { WorkerHangAtStep = 5, Worker = 1 },
        };
        var result = Run(setup);
        Assert.Equal([1], result.LostWorkers);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-4);
    }

    [Fact]
    public void Async_ServerShardCrash_RestoresThatShardAndCompletes()
    {
        var result = WithCheckpoints(dir => Run(DataParallelFixture.Setup(2, Consistency.Async) with
        {
            CheckpointDirectory = dir,
            CheckpointEverySteps = 4,
            Faults = new FaultInjection { ShardCrashAtStep = 9, Shard = 1 },
        }));
        Assert.Equal(1, result.Rewinds);
        Assert.Equal(2, result.Epochs.Count);
        Assert.All(result.Parameters, p => Assert.True(float.IsFinite(p)));
    }
}

public sealed class DataParallelFaultTestsSerialized() : DataParallelFaultTests(serializeMessages: true);

public sealed class DataParallelFaultTestsInProcess() : DataParallelFaultTests(serializeMessages: false);

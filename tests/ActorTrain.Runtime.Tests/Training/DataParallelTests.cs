using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Data-parallel training against the single-device reference loop. Every run here round-trips all messages through
/// the MessagePack codec (serialize-messages on), so what works here works across processes.
/// </summary>
public sealed class DataParallelTests
{
    private static DataParallelResult Run(DataParallelSetup setup) => DataParallelTrainer.Run(setup, serializeMessages: true);

    /// <summary>
    /// A diverging run stops at the same step as the single-device loop on the same global batch (sync is that loop),
    /// naming the step and the first layer whose output went bad — before, it trained on in NaN to the end.
    /// </summary>
    [Theory]
    [InlineData(Consistency.Sync, 2)]
    [InlineData(Consistency.Async, 2)]
    public void NonFiniteLoss_StopsTheRunAtTheSingleDeviceStepNamingTheLayer(Consistency consistency, int workers)
    {
        // ReLU (batch-norm model without running the statistics into it): a 1e30 step breaks the next forward pass.
        var setup = DataParallelFixture.Setup(workers, consistency, clipping: false) with
        {
            Model = (device, rows) => new Kernels.Models.Sequential(device, DataParallelFixture.Features,
                [new Kernels.Layers.Dense(16, new Kernels.Initializers.HeNormalInitializer()), new Kernels.Layers.ActivationLayer(Kernels.Ops.Activation.Relu), new Kernels.Layers.Dense(DataParallelFixture.Classes)], rows),
            Schedule = new Kernels.Schedules.ConstantSchedule(1e30),
            Optimizer = DataParallelFixture.Setup(1).Optimizer with { Kind = Kernels.Ops.OptimizerKind.Sgd, MaxGradientNorm = 0 },
        };
        var single = Assert.Throws<Kernels.Training.TrainingDivergedException>(() => DataParallelFixture.SingleDevice(setup));
        var directory = Directory.CreateTempSubdirectory("actortrain-diverged-");
        try
        {
            // Checkpoints after every step: none may hold the diverged step (the loss is read before anything is pushed).
            var parallel = Assert.Throws<Kernels.Training.TrainingDivergedException>(() => Run(setup with { CheckpointDirectory = directory.FullName, CheckpointEverySteps = 1 }));
            if (consistency == Consistency.Sync) Assert.Equal(single.Step, parallel.Step);
            else Assert.InRange(parallel.Step, 1, setup.TotalSteps); // a worker may compute its first step on another's 1e30 update
            // In async a shard may see it first: a worker's finite gradient on parameters already ~1e30 overflows the update.
            Assert.Matches(consistency == Consistency.Sync ? "worker [0-9]+: .*layer (dense|relu)[0-9]" : "worker [0-9]+: (.*layer (dense|relu)[0-9]|shard [0-9]+: .*not finite)", parallel.Message);
            for (int shard = 0; shard < setup.Shards.Length; shard++)
            {
                var store = new Kernels.Training.CheckpointStore(Path.Combine(directory.FullName, $"shard-{shard}"));
                Assert.NotEmpty(store.Steps());
                foreach (long step in store.Steps()) Assert.All(store.Read(step).Parameters, v => Assert.True(float.IsFinite(v), $"shard {shard} saved a non-finite step {step}"));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SyncBatchNorm_OutsideSyncMode_IsRefusedWithTheReason()
    {
        var setup = DataParallelFixture.Setup(2, Consistency.Bounded, batchNorm: true) with { SyncBatchNorm = true };
        var error = Assert.Throws<ArgumentException>(() => Run(setup));
        Assert.Contains("sync-batch-norm needs parallelism.consistency = sync (got bounded)", error.Message);
    }

    [Theory]
    [InlineData(1, 1, true, ShardDispatcher.Auto)]
    [InlineData(2, 2, true, ShardDispatcher.Auto)]
    [InlineData(4, 3, true, ShardDispatcher.Auto)]
    [InlineData(1, 2, false, ShardDispatcher.Auto)]
    [InlineData(2, 2, false, ShardDispatcher.Auto)]
    [InlineData(4, 3, false, ShardDispatcher.Auto)]
    [InlineData(2, 2, true, ShardDispatcher.CallingThread)]
    [InlineData(4, 3, false, ShardDispatcher.CallingThread)]
    [InlineData(1, 2, false, ShardDispatcher.ThreadPool, true)]
    [InlineData(2, 2, true, ShardDispatcher.ThreadPool, true)]
    [InlineData(4, 3, false, ShardDispatcher.ThreadPool, true)]
    public void Sync_AnyWorkerCount_EqualsSingleDeviceOnTheGlobalBatch(int workers, int shards, bool clipping, ShardDispatcher dispatcher, bool pushWithinLayers = false)
    {
        // Without clipping each chunk is applied and streamed back as soon as every worker's is in; with it, the shards
        // wait for the global norm and apply their whole range at once: two paths. Shards on pool threads or on the
        // pushing workers' threads: two more. And the first layer's weight gradient pushed in blocks as they complete.
        var setup = DataParallelFixture.Setup(workers, shards: shards, clipping: clipping) with { ShardDispatcher = dispatcher, PushWithinLayers = pushWithinLayers ? true : null };
        var result = Run(setup);
        // Float sums of partial gradients in another order differ by a few ulps per step; 1e-5 relative after 20 updates.
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        Assert.Equal(setup.TotalSteps, result.Steps);
    }

    /// <summary>
    /// A lone worker whose shards run on its thread pushes whole steps: one message per shard, applied in one pass. The
    /// optimizer is elementwise, so that is bitwise the same run as pushing chunk by chunk as the layers complete, and it
    /// equals the single-device loop — with accumulation too, where only the last micro-batch's backward pass pushes.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Sync_LoneWorkerPushingWholeSteps_IsBitwiseThePerChunkRun_AndEqualsSingleDevice(int accumulation)
    {
        var setup = DataParallelFixture.Setup(1, shards: 2, accumulation: accumulation, clipping: false) with { ShardDispatcher = ShardDispatcher.CallingThread };
        Assert.True(setup.PushesWholeSteps()); // the automatic choice here
        var whole = Run(setup);
        var perChunk = Run(setup with { PushWholeSteps = false });
        Assert.Equal(perChunk.Parameters, whole.Parameters);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), whole.Parameters, 1e-5);
    }

    [Theory]
    [InlineData(2, Consistency.Sync, false, false, "one device (got 2)")]
    [InlineData(1, Consistency.Async, false, false, "consistency = sync (got async)")]
    [InlineData(1, Consistency.Sync, true, false, "no clipping by global norm")]
    [InlineData(1, Consistency.Sync, false, true, "push-within-layers off")]
    public void PushingWholeSteps_WhereAStepCannotBeOneMessagePerShard_IsRefusedWithTheReason(int workers, Consistency consistency, bool clipping, bool withinLayers, string reason)
    {
        var setup = DataParallelFixture.Setup(workers, consistency, clipping: clipping) with { PushWholeSteps = true, PushWithinLayers = withinLayers ? true : null };
        Assert.Contains($"pushing whole steps needs {reason}", Assert.Throws<ArgumentException>(() => Run(setup)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // every micro-batch's weight gradient in blocks, accumulated (beta = 1) block by block
    public void Sync_GradientAccumulation_EqualsSingleDevice(bool pushWithinLayers)
    {
        var setup = DataParallelFixture.Setup(2, accumulation: 3) with { PushWithinLayers = pushWithinLayers ? true : null, ShardDispatcher = ShardDispatcher.ThreadPool };
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), Run(setup).Parameters, 1e-5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sync_FixedWorkerCount_IsBitwiseReproducible(bool clipping)
    {
        var setup = DataParallelFixture.Setup(3, shards: 2, clipping: clipping);
        Assert.Equal(Run(setup).Parameters, Run(setup).Parameters);
    }

    [Fact]
    public void Sync_SyncBatchNormOnTwoReplicas_EqualsSingleDeviceBatchNormOnTheConcatenatedBatch()
    {
        var setup = DataParallelFixture.Setup(2, batchNorm: true) with { SyncBatchNorm = true };
        var result = Run(setup);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-4);
    }

    [Fact]
    public void Sync_PerReplicaBatchNorm_DiffersFromSingleDevice()
    {
        // The control for the test above: without SyncBatchNorm each replica normalizes its own half batch.
        var setup = DataParallelFixture.Setup(2, batchNorm: true);
        var reference = DataParallelFixture.SingleDevice(setup);
        var result = Run(setup);
        Assert.Contains(Enumerable.Range(0, reference.Length), i => Math.Abs(reference[i] - result.Parameters[i]) > 1e-3);
    }

    [Fact]
    public void Sync_WorkerCrashMidEpoch_RestartsRedoesTheStepAndEndsAsTheFaultFreeRun()
    {
        var setup = DataParallelFixture.Setup(2);
        var clean = Run(setup);
        var faulty = Run(setup with { Faults = new FaultInjection { WorkerCrashAtStep = 7, Worker = 1 } });
        Assert.Equal(1, faulty.WorkerRestarts);
        Assert.Empty(faulty.LostWorkers);
        Assert.Equal(clean.Parameters, faulty.Parameters);
    }

    [Fact]
    public void Sync_WorkerGoneForGood_CompletesOnTheOthersWithItsRowsRedistributed()
    {
        var setup = DataParallelFixture.Setup(3) with
        {
            Faults = new FaultInjection { WorkerCrashAtStep = 5, Worker = 2, WorkerCrashAlways = true },
            MaxWorkerRestarts = 1,
        };
        var result = Run(setup);
        Assert.Equal([2], result.LostWorkers);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        // The global batch is still trained whole, so the run still equals the single-device loop.
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-5);
    }

    [Fact]
    public void Sync_ServerShardCrash_RewindsToItsCheckpointAndLosesNoCommittedStep()
    {
        string dir = Path.Combine(Path.GetTempPath(), "actortrain-dp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var setup = DataParallelFixture.Setup(2) with { CheckpointDirectory = dir, CheckpointEverySteps = 4 };
            var clean = Run(setup);
            Directory.Delete(dir, recursive: true);
            var faulty = Run(setup with { Faults = new FaultInjection { ShardCrashAtStep = 14, Shard = 1 } });
            Assert.Equal(1, faulty.Rewinds);
            Assert.Equal(clean.Parameters, faulty.Parameters);
            Assert.Equal(clean.Epochs.Select(e => e.ValidationLoss), faulty.Epochs.Select(e => e.ValidationLoss));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Sync_ServerShardCrashWithoutCheckpoints_FailsWithAClearReason()
    {
        var setup = DataParallelFixture.Setup(2) with { Faults = new FaultInjection { ShardCrashAtStep = 3, Shard = 0 } };
        var e = Assert.Throws<TrainingFailedException>(() => Run(setup));
        Assert.Contains("no checkpoint directory", e.Message);
    }

    [Fact]
    public void Bounded_NeverLetsAWorkerRunMoreThanStalenessAhead()
    {
        // Worker 2 is a straggler. A worker may start step c while c − (fewest steps any worker completed) ≤ staleness,
        // so completed-step counts differ by at most staleness + 1 — and the fast workers do run up to that bound.
        var setup = DataParallelFixture.Setup(3, Consistency.Bounded) with
        {
            Staleness = 1,
            Faults = new FaultInjection { Worker = 2, WorkerStepDelay = TimeSpan.FromMilliseconds(15) },
        };
        var result = Run(setup);
        Assert.Equal(setup.Staleness + 1, result.MaxStepSpread);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
        // The fast workers' waits at the bound are counted as held, not as idle: the straggler sleeps 15 ms a step, so
        // they spend most of the run held. The straggler is held only while the clock of its own last step is on its
        // way (on a loaded host that can take a few ms).
        var stats = Assert.IsType<RunStatistics>(result.Statistics);
        Assert.All(stats.WorkerHeldFraction.Take(2), held => Assert.InRange(held, 0.3, 1.0));
        Assert.InRange(stats.WorkerHeldFraction[2], 0, 0.2);
        Assert.All(stats.WorkerIdleFraction.Take(2), idle => Assert.True(idle < stats.WorkerHeldFraction.Min(h => h) + 0.3));
    }

    [Fact]
    public void Async_StragglerIsNotWaitedFor()
    {
        // The contrast to bounded: without a bound the fast workers run far ahead of the straggler.
        var setup = DataParallelFixture.Setup(3, Consistency.Async) with { Faults = new FaultInjection { Worker = 2, WorkerStepDelay = TimeSpan.FromMilliseconds(15) } };
        Assert.True(Run(setup).MaxStepSpread > 5);
    }

    [Fact]
    public void Async_PullEveryThreeSteps_Completes()
    {
        var setup = DataParallelFixture.Setup(2, Consistency.Async) with { PullEvery = 3 };
        Assert.Equal(setup.Epochs, Run(setup).Epochs.Count);
    }

    [Fact]
    public void Bounded_WorkerGoneForGood_FreesTheOthersAndCompletes()
    {
        var setup = DataParallelFixture.Setup(3, Consistency.Bounded) with
        {
            Staleness = 1,
            Faults = new FaultInjection { WorkerCrashAtStep = 5, Worker = 2, WorkerCrashAlways = true },
            MaxWorkerRestarts = 1,
        };
        var result = Run(setup);
        Assert.Equal([2], result.LostWorkers);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
    }

    [Fact]
    public void Async_WorkerCrash_CompletesAfterRestart()
    {
        var setup = DataParallelFixture.Setup(2, Consistency.Async) with { Faults = new FaultInjection { WorkerCrashAtStep = 4, Worker = 0 } };
        var result = Run(setup);
        Assert.Equal(1, result.WorkerRestarts);
        Assert.Equal(setup.Epochs, result.Epochs.Count);
    }
}

public sealed class AsyncEquivalenceTests
{
    [Theory]
    [InlineData(Consistency.Async, ShardDispatcher.Auto)]
    [InlineData(Consistency.Bounded, ShardDispatcher.Auto)]
    [InlineData(Consistency.Async, ShardDispatcher.ThreadPool)]
    public void AsyncModes_OneWorkerPullingEveryStep_EqualSync(Consistency consistency, ShardDispatcher dispatcher)
    {
        // With one replica nothing is stale: every push is the whole batch and is applied before the next pull. Both runs
        // compute the weight gradient whole (auto would push sync's within layers where a core is idle: other last bits).
        var setup = DataParallelFixture.Setup(1, consistency, shards: 2) with { ShardDispatcher = dispatcher, PushWithinLayers = false };
        var sync = DataParallelTrainer.Run(setup with { Consistency = Consistency.Sync }, serializeMessages: true);
        var other = DataParallelTrainer.Run(setup, serializeMessages: true);
        Assert.Equal(sync.Parameters, other.Parameters);
    }
}

public sealed class DataParallelResumeTests
{
    [Fact]
    public void LatestCommonCheckpoint_WithReplicaStateButNoneSaved_FindsNoStep()
    {
        // A run killed between the shards' checkpoint and the replicas' state: a model with layer state cannot resume there.
        string dir = Path.Combine(Path.GetTempPath(), "actortrain-dp-common-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (int shard in new[] { 0, 1 })
                new Kernels.Training.CheckpointStore(Path.Combine(dir, $"shard-{shard}")).Save(new Kernels.Training.Checkpoint
                {
                    Header = new Kernels.Training.CheckpointHeader { Step = 4, ParameterCount = 1 },
                    Parameters = [1f],
                    State = [],
                    OptimizerState = [],
                });
            Assert.Equal(4, DataParallelTrainer.LatestCommonCheckpoint(dir, 2));
            Assert.Null(DataParallelTrainer.LatestCommonCheckpoint(dir, 2, withReplicaState: true));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // batch-norm running statistics live in the replicas, not the shards: they are checkpointed beside them
    public void Run_ResumedFromShardCheckpointsAtAnEpochEnd_EndsAsTheUninterruptedRun(bool batchNorm)
    {
        string dir = Path.Combine(Path.GetTempPath(), "actortrain-dp-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            var setup = DataParallelFixture.Setup(2, epochs: 3, batchNorm: batchNorm) with { CheckpointDirectory = dir, CheckpointEverySteps = 3 };
            var uninterrupted = DataParallelTrainer.Run(setup with { CheckpointDirectory = null }, serializeMessages: true);
            DataParallelTrainer.Run(setup with { Epochs = 1 }, serializeMessages: true);
            long? step = DataParallelTrainer.LatestCommonCheckpoint(dir, setup.Shards.Length, withReplicaState: batchNorm);
            Assert.Equal(setup.StepsPerEpoch, step);
            var resumed = DataParallelTrainer.Run(setup, serializeMessages: true, resumeStep: step!.Value);
            Assert.Equal(uninterrupted.Parameters, resumed.Parameters);
            Assert.Equal(uninterrupted.State, resumed.State);
            Assert.Equal(uninterrupted.Epochs.Skip(1).Select(e => e.ValidationLoss), resumed.Epochs.Select(e => e.ValidationLoss));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

public sealed class OpenClDataParallelTests
{
    [Fact]
    public void Sync_TwoOpenClWorkers_EqualSingleCpuDevice()
    {
        // PoCL runs OpenCL on the CPU here (installed by the test script); a missing runtime fails with its reason.
        var discovery = Kernels.Devices.OpenCl.OpenClPlatform.Discover();
        Assert.True(discovery.Devices.Count > 0, "no OpenCL device: " + discovery.Reason);
        var setup = DataParallelFixture.Setup(2) with
        {
            Devices = ["opencl:0", "opencl:0"],
            Device = name => name.StartsWith("opencl", StringComparison.Ordinal)
                ? new Kernels.Devices.OpenCl.OpenClDevice(discovery.Devices[0])
                : new Kernels.Devices.Cpu.CpuDevice(name),
        };
        var result = DataParallelTrainer.Run(setup, serializeMessages: true);
        // OpenCL kernels and CLBlast sum in other orders than OpenBLAS: 1e-4 relative after 20 updates.
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup with { Device = name => new Kernels.Devices.Cpu.CpuDevice(name) }), result.Parameters, 1e-4);
    }
}

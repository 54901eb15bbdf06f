using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Actors;
using Microsoft.Extensions.Logging;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Runs one data-parallel job in an embedded single-host actor system: initial parameters from the seed (exactly as
/// the single-device loop makes them), a coordinator, and a wait that ends with the result or with the reason the job
/// could not go on — never unbounded.
/// </summary>
public static class DataParallelTrainer
{
    /// <param name="serializeMessages">round-trip every local message through the MessagePack codec (tests run with it on).</param>
    /// <param name="resumeStep">continue from the shards' checkpoints of this step (see <see cref="LatestCommonCheckpoint"/>); 0 starts fresh.</param>
    public static DataParallelResult Run(DataParallelSetup setup, bool serializeMessages = false, DataParallelObserver? observer = null,
        long resumeStep = 0, ILoggerFactory? logging = null, CancellationToken cancellation = default)
    {
        Validate(setup);
        setup = Resolve(setup);
        var (parameters, state) = InitialValues(setup);
        if (resumeStep > 0 && state.Length > 0) state = ResumedReplicaState(setup, resumeStep, state.Length);
        var settings = serializeMessages
            ? ProtocolRegistry.SerializingSettings(new ActorSystemSettings { LoggerFactory = logging ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance })
            : new ActorSystemSettings { LoggerFactory = logging ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        using var system = ActorSystem.Create("actortrain", settings);
        var done = new TaskCompletionSource<DataParallelResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellation.Register(() => done.TrySetCanceled(cancellation));
        system.ActorOf(Props.Create(() => new Coordinator(setup, parameters, state, done, observer ?? DataParallelObserver.None, resumeStep))
            .WithDispatcher(Props.PinnedDispatcherId).WithMailbox(Props.LazyWakeupMailboxId), "coordinator");
        try
        {
            return done.Task.GetAwaiter().GetResult();
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>
    /// The setup with its automatic choices made: the shard dispatcher, and whether workers push within layers or whole
    /// steps. They depend on the process-wide OpenBLAS threads, so <see cref="Run"/> makes them once, and every actor of
    /// the run (restarted workers included) agrees on them even if the threads change meanwhile.
    /// </summary>
    public static DataParallelSetup Resolve(DataParallelSetup setup) => setup with
    {
        ShardDispatcher = setup.ShardDispatcher.OnPushingThreads(setup.Consistency, setup.Devices.Count) ? ShardDispatcher.CallingThread : ShardDispatcher.ThreadPool,
        PushWithinLayers = setup.PushesWithinLayers(),
        PushWholeSteps = setup.PushesWholeSteps(),
    };

    /// <summary>The parameters and layer state a fresh single-device run starts from, for the same seed.</summary>
    public static (float[] Parameters, float[] State) InitialValues(DataParallelSetup setup)
    {
        using IDevice device = setup.Device("cpu:init");
        using var stream = device.CreateStream();
        using var model = setup.Model(device, 1);
        model.Initialize(stream, setup.Seed);
        return (Kernels.Models.Sequential.Download(stream, model.Parameters.All), Kernels.Models.Sequential.Download(stream, model.State.All));
    }

    /// <summary>
    /// The newest step every shard has a checkpoint of under <paramref name="directory"/>, or null. With
    /// <paramref name="withReplicaState"/> (a resume of a model with layer state) the replicas' state of that step too.
    /// </summary>
    public static long? LatestCommonCheckpoint(string directory, int shards, bool withReplicaState = false)
    {
        IEnumerable<long>? common = null;
        for (int s = 0; s < shards; s++)
        {
            var steps = new CheckpointStore(Path.Combine(directory, $"shard-{s}")).Steps();
            common = common is null ? steps : common.Intersect(steps);
        }
        string replicaState = ReplicaStateDirectory(directory);
        if (withReplicaState && common is not null) common = common.Intersect(new CheckpointStore(replicaState).Steps());
        return common?.DefaultIfEmpty(-1).Max() is long step and >= 0 ? step : null;
    }

    /// <summary>
    /// The first replica's layer state (batch-norm running statistics) at an epoch end, beside the shards' checkpoints:
    /// the shards hold only trainable parameters, and a resume without it would evaluate with statistics started afresh.
    /// </summary>
    public static void SaveReplicaState(DataParallelSetup setup, long step, float[] state) =>
        new CheckpointStore(ReplicaStateDirectory(setup.CheckpointDirectory!)).Save(new Checkpoint
        {
            Header = new CheckpointHeader { Step = step, Seed = setup.Seed, StateCount = state.Length },
            Parameters = [],
            State = state,
            OptimizerState = [],
        });

    private static string ReplicaStateDirectory(string checkpointDirectory) => Path.Combine(checkpointDirectory, "replica-state");

    private static float[] ResumedReplicaState(DataParallelSetup setup, long step, int length)
    {
        if (setup.CheckpointDirectory is null) throw new ArgumentException($"resuming at step {step} needs the checkpoint directory");
        var state = new CheckpointStore(ReplicaStateDirectory(setup.CheckpointDirectory)).Read(step).State;
        if (state.Length != length) throw new InvalidDataException($"the replica state checkpoint of step {step} holds {state.Length} values, the model has {length}");
        return state;
    }

    /// <summary>Refuses a setup that cannot run, with the reason; <see cref="Run"/> calls it, and a host may call it first, before it writes anything.</summary>
    public static void Validate(DataParallelSetup setup)
    {
        if (setup.Devices.Count < 1) throw new ArgumentException("data parallelism needs at least one device");
        if (setup.GlobalBatch < setup.Devices.Count)
            throw new ArgumentException($"a global batch of {setup.GlobalBatch} rows cannot be split across {setup.Devices.Count} workers");
        if (setup.Staleness < 0) throw new ArgumentOutOfRangeException(nameof(setup), setup.Staleness, "staleness must be ≥ 0");
        if (setup.PullEvery < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.PullEvery, "pull-every must be ≥ 1");
        if (setup.ChunkFloats < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.ChunkFloats, "chunk size must be ≥ 1");
        if (setup.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.Epochs, "epochs must be ≥ 1");
        // Replicas out of step cannot share batch statistics, and the equivalence SyncBatchNorm promises is sync's.
        if (setup.SyncBatchNorm && setup.Consistency != Consistency.Sync)
            throw new ArgumentException($"parallelism.sync-batch-norm needs parallelism.consistency = sync (got {setup.Consistency.ToString().ToLowerInvariant()}): " +
                                        "replicas that run steps apart cannot normalize over each other's rows; turn it off for per-replica statistics");
        if (setup.PushWholeSteps == true)
        {
            string? why = setup.Consistency != Consistency.Sync ? $"consistency = sync (got {setup.Consistency.ToString().ToLowerInvariant()})"
                : setup.Devices.Count != 1 ? $"one device (got {setup.Devices.Count})"
                : setup.Optimizer.MaxGradientNorm > 0f ? "no clipping by global norm (its shards wait for the norm of every push)"
                : setup.PushWithinLayers == true ? "push-within-layers off (a whole step is pushed once the backward pass is done)" : null;
            if (why is not null) throw new ArgumentException($"pushing whole steps needs {why}");
        }
        ValidateBatchNormRows(setup);
    }

    /// <summary>
    /// Batch norm in training needs at least 2 rows per batch it normalizes: per replica, or (SyncBatchNorm) over all of
    /// them, where every replica must also hold a row, since each takes part in every reduction. A ragged last batch of
    /// an epoch can break that; it is refused here, with the sizes, rather than failing workers mid-run. Every replica
    /// count down to 1 is checked, since a lost worker's rows go to the others.
    /// </summary>
    private static void ValidateBatchNormRows(DataParallelSetup setup)
    {
        using (IDevice device = setup.Device("cpu:probe"))
        using (var probe = setup.Model(device, 1))
            if (!probe.Layers.OfType<Kernels.Layers.BatchNorm>().Any()) return;
        int remainder = setup.Training.Count % setup.GlobalBatch;
        foreach (int rows in remainder == 0 ? [setup.GlobalBatch] : new[] { setup.GlobalBatch, remainder })
            for (int replicas = setup.Devices.Count; replicas >= 1; replicas--)
            {
                var shares = Enumerable.Range(0, replicas).Select(p => Partition(rows, p, replicas)).ToArray();
                string? problem = setup.SyncBatchNorm
                    ? rows < 2 ? "needs at least 2 rows" : shares.Any(s => s == 0) ? "needs a row on every replica" : null
                    : shares.Any(s => s == 1) ? "needs at least 2 rows on each replica that has any" : null;
                if (problem is null) continue;
                string which = rows == setup.GlobalBatch ? "each global batch" : $"the last batch of each epoch ({setup.Training.Count} samples in batches of {setup.GlobalBatch})";
                throw new ArgumentException(
                    $"{which} has {rows} rows, split {string.Join("/", shares)} across {replicas} replica{(replicas > 1 ? "s" : "")}; " +
                    $"{(setup.SyncBatchNorm ? "synchronized " : "")}batch norm in training {problem}. Change training.batch-size or the number of samples, " +
                    (setup.SyncBatchNorm ? "or use fewer replicas" : "or turn on parallelism.sync-batch-norm"));
            }
    }

    private static int Partition(int rows, int position, int replicas)
    {
        var (start, end) = DataParallelSetup.Partition(rows, position, replicas);
        return end - start;
    }
}

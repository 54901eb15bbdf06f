using ActorTrain.Kernels.Data;

namespace ActorTrain.Runtime.Settings;

/// <summary>
/// Everything a run is configured with, bound from the <c>actortrain</c> section of cluster.hocon. The defaults here
/// are the ones cluster.hocon documents (a test binds an empty config and the shipped file and compares them).
/// </summary>
public sealed record RunSettings
{
    public const string Root = "actortrain";

    public ulong Seed { get; init; } = 42;
    public required DataSettings Data { get; init; }
    public required ModelSettings Model { get; init; }
    public required TrainingSettings Training { get; init; }
    public required DeviceSettings Device { get; init; }
    public required ParallelismSettings Parallelism { get; init; }

    /// <summary>Binds and validates; an unknown key or a value of the wrong type is a ConfigException naming it.</summary>
    public static RunSettings Bind(Config.Config config)
    {
        var r = new SettingsReader(config);
        var settings = RunSettingsBinding.ReadAll(r);
        r.RejectUnknownKeys();
        return settings;
    }
}

/// <summary>The one place that lists every key and its default.</summary>
public static class RunSettingsBinding
{
    private const string Root = RunSettings.Root;

    /// <summary>Reads every setting through <paramref name="r"/>, which records the keys it was asked for.</summary>
    public static RunSettings ReadAll(SettingsReader r)
    {
        const string d = Root + ".data", m = Root + ".model", t = Root + ".training", o = t + ".optimizer", dev = Root + ".device";
        const string p = Root + ".parallelism", f = p + ".fault-injection";
        long seed = r.Long(Root + ".seed", 42);
        if (seed < 0) throw new ArgumentOutOfRangeException($"{Root}.seed", seed, "seed must be ≥ 0");
        var settings = new RunSettings
        {
            Seed = (ulong)seed,
            Data = new DataSettings
            {
                Dataset = r.String(d + ".dataset", "fashion-mnist"),
                Path = r.String(d + ".path", "/usr/share/datasets/fashion-mnist"),
                TrainCsv = r.String(d + ".train-csv", ""),
                TestCsv = r.String(d + ".test-csv", ""),
                LabelColumn = r.Int(d + ".label-column", 0),
                Normalization = Normalizer.ParseKind(r.String(d + ".normalization", "standardize")),
                ValidationFraction = r.Double(d + ".validation-fraction", 0.1),
                Limit = r.Int(d + ".limit", 0),
                Augmentation = new Augmentation(
                    (float)r.Double(d + ".augmentation.noise-std", 0),
                    r.Int(d + ".augmentation.max-shift", 0),
                    r.Bool(d + ".augmentation.horizontal-flip", false)),
            },
            Model = new ModelSettings
            {
                Hidden = r.IntList(m + ".hidden", [512, 256]),
                Activation = r.String(m + ".activation", "relu"),
                LeakySlope = r.Double(m + ".leaky-slope", 0.01),
                Initializer = r.String(m + ".initializer", "he-normal"),
                Dropout = r.Double(m + ".dropout", 0),
                BatchNorm = r.Bool(m + ".batch-norm", false),
            },
            Training = new TrainingSettings
            {
                Loss = r.String(t + ".loss", "softmax-cross-entropy"),
                Epochs = r.Int(t + ".epochs", 10),
                BatchSize = r.Int(t + ".batch-size", 128),
                GradientAccumulation = r.Int(t + ".gradient-accumulation", 1),
                EarlyStoppingPatience = r.Int(t + ".early-stopping-patience", 0),
                ClipNorm = r.Double(t + ".clip-norm", 0),
                ClipValue = r.Double(t + ".clip-value", 0),
                Optimizer = new OptimizerSettings
                {
                    Name = r.String(o + ".name", "momentum"),
                    LearningRate = r.Double(o + ".learning-rate", 0.05),
                    Momentum = r.Double(o + ".momentum", 0.9),
                    Beta1 = r.Double(o + ".beta1", 0.9),
                    Beta2 = r.Double(o + ".beta2", 0.999),
                    Epsilon = r.Double(o + ".epsilon", 1e-8),
                    Alpha = r.Double(o + ".alpha", 0.99),
                    L2 = r.Double(o + ".l2", 0),
                    L1 = r.Double(o + ".l1", 0),
                    WeightDecay = r.Double(o + ".weight-decay", 0.01),
                    BaseBatchSize = r.Int(o + ".base-batch-size", 0),
                },
                Schedule = ScheduleSettings.From(r.Section(t + ".schedule")),
                CheckpointEverySteps = r.Int(t + ".checkpoint.every-steps", 0),
                CheckpointKeep = r.Int(t + ".checkpoint.keep", 3),
            },
            Parallelism = new ParallelismSettings
            {
                Mode = r.String(p + ".mode", "none"),
                Replicas = r.Int(p + ".replicas", 0),
                Consistency = r.String(p + ".consistency", "sync"),
                Staleness = r.Int(p + ".staleness", 2),
                PullEvery = r.Int(p + ".pull-every", 1),
                ServerShards = r.Int(p + ".server-shards", 2),
                SyncBatchNorm = r.Bool(p + ".sync-batch-norm", false),
                ChunkBytes = r.Bytes(p + ".chunk-size", 1 << 16),
                ShardDispatcher = r.String(p + ".shard-dispatcher", "auto"),
                PushWithinLayers = r.String(p + ".push-within-layers", "auto"),
                MaxWorkerRestarts = r.Int(p + ".max-worker-restarts", 3),
                RestartWindow = r.Duration(p + ".restart-window", TimeSpan.FromMinutes(1)),
                StepTimeout = r.Duration(p + ".step-timeout", TimeSpan.FromSeconds(60)),
                WorkerCrashAtStep = r.Long(f + ".worker-crash-at-step", -1),
                CrashWorker = r.Int(f + ".worker", 0),
                WorkerCrashAlways = r.Bool(f + ".worker-crash-always", false),
                WorkerCrashAfterChunks = r.Int(f + ".worker-crash-after-chunks", -1),
                WorkerHangAtStep = r.Long(f + ".worker-hang-at-step", -1),
                WorkerStepDelay = r.Duration(f + ".worker-step-delay", TimeSpan.Zero),
                ServerCrashAtStep = r.Long(f + ".server-crash-at-step", -1),
                CrashShard = r.Int(f + ".shard", 0),
            },
            Device = new DeviceSettings
            {
                Devices = r.StringList(dev + ".devices", ["cpu:0"]),
                BlasThreads = r.Int(dev + ".blas-threads", 0),
                Gemm = r.String(dev + ".gemm", "auto"),
                MemoryLimitBytes = r.Bytes(dev + ".memory-limit", 0),
            },
        };
        return settings;
    }
}

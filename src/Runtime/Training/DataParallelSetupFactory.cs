using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Settings;
using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Training;

/// <summary>Turns bound settings into a data-parallel setup: devices, shards, consistency, faults, factories.</summary>
public static class DataParallelSetupFactory
{
    public static DataParallelSetup Create(RunSettings settings, TrainingData data, TrainingOptions options, string? checkpointDirectory)
    {
        var p = settings.Parallelism;
        var consistency = Choose("actortrain.parallelism.consistency", p.Consistency,
            ("sync", Consistency.Sync), ("async", Consistency.Async), ("bounded", Consistency.Bounded));
        var shardDispatcher = Choose("actortrain.parallelism.shard-dispatcher", p.ShardDispatcher,
            ("auto", ShardDispatcher.Auto), ("thread-pool", ShardDispatcher.ThreadPool), ("calling-thread", ShardDispatcher.CallingThread));
        var pushWithinLayers = Choose("actortrain.parallelism.push-within-layers", p.PushWithinLayers, ("auto", (bool?)null), ("on", true), ("off", false));
        if (p.WorkerStepDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException("actortrain.parallelism.fault-injection.worker-step-delay", p.WorkerStepDelay, "must be ≥ 0");
        if (p.Replicas < 0) throw new ArgumentOutOfRangeException("actortrain.parallelism.replicas", p.Replicas, "must be ≥ 0 (0 = one per device)");
        if (p.ServerShards < 1) throw new ArgumentOutOfRangeException("actortrain.parallelism.server-shards", p.ServerShards, "must be ≥ 1");
        if (p.ChunkBytes < 4) throw new ArgumentOutOfRangeException("actortrain.parallelism.chunk-size", p.ChunkBytes, "must hold at least one float");
        var devices = DeviceNames(DeviceFactory.Resolve(settings.Device.Devices), p.Replicas);
        int cpuWorkers = Math.Max(1, devices.Count(d => d.StartsWith("cpu", StringComparison.Ordinal)));
        CpuDevice.SetBlasThreads(settings.Device.BlasThreads > 0 ? settings.Device.BlasThreads : Math.Max(1, Environment.ProcessorCount / cpuWorkers));
        using var loss = Loss.Parse(settings.Training.Loss);
        int outputs = ModelFactory.Outputs(loss, data.Training.Classes, data.Training.TargetWidth);
        using var probe = new CpuDevice("cpu:probe");
        using var shape = ModelFactory.Build(settings.Model, probe, data.Training.Width, outputs, 1);
        return new DataParallelSetup
        {
            Consistency = consistency,
            ShardDispatcher = shardDispatcher,
            PushWithinLayers = pushWithinLayers,
            Staleness = p.Staleness,
            PullEvery = p.PullEvery,
            Devices = devices,
            Shards = ShardRange.Balance(shape.Layout.Length, p.ServerShards),
            GlobalBatch = options.BatchSize,
            Accumulation = options.AccumulationSteps,
            Epochs = options.Epochs,
            Seed = options.Seed,
            Optimizer = options.Optimizer,
            Schedule = options.Schedule,
            ChunkFloats = (int)Math.Min(int.MaxValue, p.ChunkBytes / sizeof(float)),
            SyncBatchNorm = p.SyncBatchNorm,
            Training = data.Training,
            Validation = data.Validation,
            Model = (device, rows) => ModelFactory.Build(settings.Model, device, data.Training.Width, outputs, rows),
            Loss = () => Loss.Parse(settings.Training.Loss),
            Device = name => DeviceFactory.Create(name, settings.Device),
            CheckpointDirectory = checkpointDirectory,
            CheckpointEverySteps = options.CheckpointEverySteps,
            MaxWorkerRestarts = p.MaxWorkerRestarts,
            RestartWindow = p.RestartWindow,
            StepTimeout = p.StepTimeout,
            Faults = new FaultInjection
            {
                WorkerCrashAtStep = p.WorkerCrashAtStep,
                Worker = p.CrashWorker,
                WorkerCrashAlways = p.WorkerCrashAlways,
                WorkerCrashAfterChunks = p.WorkerCrashAfterChunks,
                WorkerHangAtStep = p.WorkerHangAtStep,
                WorkerStepDelay = p.WorkerStepDelay,
                ShardCrashAtStep = p.ServerCrashAtStep,
                Shard = p.CrashShard,
            },
        };
    }

    /// <summary>The value a setting names among <paramref name="choices"/> (case-insensitive), or an error naming the key and every choice.</summary>
    private static T Choose<T>(string key, string text, params (string Name, T Value)[] choices)
    {
        string name = text.Trim().ToLowerInvariant();
        foreach (var (choice, value) in choices)
            if (choice == name) return value;
        throw new ArgumentException($"{key} must be {string.Join(", ", choices[..^1].Select(c => c.Name))} or {choices[^1].Name}, got '{text}'");
    }

    /// <summary>The listed devices, or the first <paramref name="replicas"/> of them, extended with cpu:N names when more are asked for.</summary>
    public static IReadOnlyList<string> DeviceNames(IReadOnlyList<string> listed, int replicas)
    {
        if (listed.Count == 0) throw new ArgumentException("actortrain.device.devices lists no device");
        if (replicas == 0) return listed;
        var names = listed.Take(replicas).ToList();
        for (int i = 0; names.Count < replicas; i++)
            if (!names.Contains($"cpu:{i}")) names.Add($"cpu:{i}");
        return names;
    }
}

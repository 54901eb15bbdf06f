using ActorTrain.Kernels.Data;

namespace ActorTrain.Runtime.Settings;

public sealed record DataSettings
{
    public required string Dataset { get; init; }
    public required string Path { get; init; }
    public required string TrainCsv { get; init; }
    public required string TestCsv { get; init; }
    public required int LabelColumn { get; init; }
    public required NormalizationKind Normalization { get; init; }
    public required double ValidationFraction { get; init; }
    public required int Limit { get; init; }
    public required Augmentation Augmentation { get; init; }
}

public sealed record ModelSettings
{
    public required IReadOnlyList<int> Hidden { get; init; }
    public required string Activation { get; init; }
    public required double LeakySlope { get; init; }
    public required string Initializer { get; init; }
    public required double Dropout { get; init; }
    public required bool BatchNorm { get; init; }
}

public sealed record TrainingSettings
{
    public required string Loss { get; init; }
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required int GradientAccumulation { get; init; }
    public required int EarlyStoppingPatience { get; init; }
    public required double ClipNorm { get; init; }
    public required double ClipValue { get; init; }
    public required OptimizerSettings Optimizer { get; init; }
    public required ScheduleSettings Schedule { get; init; }
    public required int CheckpointEverySteps { get; init; }
    public required int CheckpointKeep { get; init; }
}

public sealed record OptimizerSettings
{
    public required string Name { get; init; }
    public required double LearningRate { get; init; }
    public required double Momentum { get; init; }
    public required double Beta1 { get; init; }
    public required double Beta2 { get; init; }
    public required double Epsilon { get; init; }
    public required double Alpha { get; init; }
    public required double L2 { get; init; }
    public required double L1 { get; init; }
    public required double WeightDecay { get; init; }
    public required int BaseBatchSize { get; init; }
}

/// <summary>A schedule kind and its parameters as text; the schedule factory checks names and values.</summary>
public sealed record ScheduleSettings(string Kind, IReadOnlyDictionary<string, string> Parameters)
{
    public static ScheduleSettings From(IReadOnlyDictionary<string, string> section)
    {
        var parameters = section.Where(p => p.Key != "kind").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new ScheduleSettings(section.GetValueOrDefault("kind", "constant"), parameters);
    }

    public bool Equals(ScheduleSettings? other) =>
        other is not null && Kind == other.Kind && Parameters.Count == other.Parameters.Count &&
        Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);

    public override int GetHashCode() => Kind.GetHashCode();
}

public sealed record ParallelismSettings
{
    public required string Mode { get; init; }
    public required int Replicas { get; init; }
    public required string Consistency { get; init; }
    public required int Staleness { get; init; }
    public required int PullEvery { get; init; }
    public required int ServerShards { get; init; }
    public required bool SyncBatchNorm { get; init; }
    public required long ChunkBytes { get; init; }
    public required string ShardDispatcher { get; init; }
    public required string PushWithinLayers { get; init; }
    public required int MaxWorkerRestarts { get; init; }
    public required TimeSpan RestartWindow { get; init; }
    public required TimeSpan StepTimeout { get; init; }
    public required long WorkerCrashAtStep { get; init; }
    public required int CrashWorker { get; init; }
    public required bool WorkerCrashAlways { get; init; }
    public required int WorkerCrashAfterChunks { get; init; }
    public required long WorkerHangAtStep { get; init; }
    public required TimeSpan WorkerStepDelay { get; init; }
    public required long ServerCrashAtStep { get; init; }
    public required int CrashShard { get; init; }
}

public sealed record DeviceSettings
{
    public required IReadOnlyList<string> Devices { get; init; }
    public required int BlasThreads { get; init; }
    public required string Gemm { get; init; }
    public required long MemoryLimitBytes { get; init; }
}

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Failures a run injects into itself, for testing supervision from config: a worker throws when it reaches a step
/// (its first incarnation only, or every incarnation to exhaust its restart budget; before computing or part-way through
/// its push), a worker hangs, a server shard throws before applying a step. -1 disables each.
/// </summary>
public sealed record FaultInjection
{
    public long WorkerCrashAtStep { get; init; } = -1;
    public int Worker { get; init; }

    /// <summary>Crash every incarnation (the worker ends up stopped for good), not only the first.</summary>
    public bool WorkerCrashAlways { get; init; }

    /// <summary>The crashing worker first pushes this many chunks of its step (a crash mid-push); -1: it crashes before computing.</summary>
    public int WorkerCrashAfterChunks { get; init; } = -1;

    /// <summary>The worker (first incarnation) stops answering at this step for twice the step-timeout, as a hung device would.</summary>
    public long WorkerHangAtStep { get; init; } = -1;

    /// <summary>The worker takes this much longer for every step: a straggler, for watching bounded staleness hold the others back.</summary>
    public TimeSpan WorkerStepDelay { get; init; }

    public long ShardCrashAtStep { get; init; } = -1;
    public int Shard { get; init; }

    public static FaultInjection None { get; } = new();
}

using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>Which threads run the parameter-server shards (<c>parallelism.shard-dispatcher</c>).</summary>
public enum ShardDispatcher
{
    /// <summary>
    /// Thread-pool in sync mode with several workers, calling-thread otherwise: measured best for each (the data-parallel
    /// benchmark). A lone sync worker has nobody to overlap with: on its own thread the shards cost it no hand-offs.
    /// </summary>
    Auto,

    /// <summary>
    /// Thread-pool threads. In sync mode every worker waits at the same barrier, so the shards' work runs on cores the
    /// workers have left idle, several shards at once.
    /// </summary>
    ThreadPool,

    /// <summary>
    /// The pushing worker's own thread. In the async modes workers are out of step and keep the cores busy: a shard on
    /// a pool thread would take a core from another worker and add a thread hand-off to every pull. Messages from the
    /// coordinator (plans, the global norm when clipping, snapshot requests) then run the shard on the coordinator's
    /// thread: correct, and rare enough not to delay its clock and checks.
    /// </summary>
    CallingThread,
}

public static class ShardDispatcherExtensions
{
    /// <summary>The dispatcher id shard actors are created with.</summary>
    public static string DispatcherId(this ShardDispatcher dispatcher, Consistency consistency, int workers) => dispatcher switch
    {
        ShardDispatcher.ThreadPool => Props.DefaultDispatcherId,
        ShardDispatcher.CallingThread => Props.CallingThreadDispatcherId,
        _ => consistency == Consistency.Sync && workers > 1 ? Props.DefaultDispatcherId : Props.CallingThreadDispatcherId,
    };
}

using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>Which threads run the parameter-server shards (<c>parallelism.shard-dispatcher</c>).</summary>
public enum ShardDispatcher
{
    /// <summary>
    /// Thread-pool in sync mode with several workers, and with one worker whose OpenBLAS threads leave a core idle;
    /// calling-thread otherwise: measured best for each (the data-parallel benchmark). A lone sync worker's shards then
    /// update the first layer's weights on the idle core while its backward pass still computes them (in blocks, see
    /// <see cref="ShardDispatcherExtensions.OnPushingThreads"/>); when its GEMM takes every core they would only take
    /// turns with it, and on its own thread they cost it no hand-offs.
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
    public static string DispatcherId(this ShardDispatcher dispatcher, Consistency consistency, int workers) =>
        dispatcher.OnPushingThreads(consistency, workers) ? Props.CallingThreadDispatcherId : Props.DefaultDispatcherId;

    /// <summary>
    /// Whether the shards run on the pushing workers' own threads. If not, a worker reports its gradient within layers
    /// too (a dense layer's weights in blocks), so the shards work on the first blocks while it computes the rest; on
    /// its own thread that would only interleave the two and evict the GEMM's operands from the core's cache.
    /// </summary>
    public static bool OnPushingThreads(this ShardDispatcher dispatcher, Consistency consistency, int workers) => dispatcher switch
    {
        ShardDispatcher.ThreadPool => false,
        ShardDispatcher.CallingThread => true,
        _ => consistency != Consistency.Sync || (workers == 1 && CpuDevice.BlasThreads >= Environment.ProcessorCount),
    };
}

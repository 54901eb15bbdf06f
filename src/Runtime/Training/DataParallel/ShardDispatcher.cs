using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>Which threads run the parameter-server shards (<c>parallelism.shard-dispatcher</c>).</summary>
public enum ShardDispatcher
{
    /// <summary>
    /// Thread-pool in sync mode with several workers; calling-thread otherwise: measured best for each (the
    /// data-parallel benchmark). A lone sync worker that does not clip then pushes whole steps (see
    /// <see cref="ShardDispatcherExtensions.PushesWholeSteps"/>), which cost it no hand-offs: 96% (85–99%) of the
    /// single loop at 1 OpenBLAS thread on 2 cores, where the thread pool with the worker pushing within layers, so that
    /// the shards update the first layer on the idle core while its backward pass still computes it, reached 90%
    /// (83–98%), 10 paired rounds. (Before whole steps the two were level at 1 thread, 95% and 96%; a lone worker that
    /// clips, which pushes per chunk on its thread, was not measured against the pool again.)
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

    /// <summary>Whether the shards run on the pushing workers' own threads.</summary>
    public static bool OnPushingThreads(this ShardDispatcher dispatcher, Consistency consistency, int workers) => dispatcher switch
    {
        ShardDispatcher.ThreadPool => false,
        ShardDispatcher.CallingThread => true,
        _ => consistency != Consistency.Sync || workers == 1,
    };

    /// <summary>
    /// Whether workers push a dense layer's weight gradient in blocks as they complete (<see cref="DataParallelSetup.PushWithinLayers"/>
    /// unless set): when the shards run on other threads, a core is left idle for them, and every worker is a CPU device
    /// (one outside host memory would download each block's chunks on their own). The shards then update the first
    /// blocks while the worker computes the rest. Measured (data-parallel benchmark): a lone 1-thread worker on two
    /// cores, its shards on the thread pool, went from 80–84% of the loop to 86–98%; with every core busy (two 1-thread workers, or 2 OpenBLAS threads)
    /// the blocks cost 10–30%, since the shards then take turns with the GEMM and the smaller GEMMs run slower; on the
    /// worker's own thread they would only interleave the two and evict the GEMM's operands. The blocks change the
    /// GEMMs' last bits, so the choice is part of what makes a run reproducible: pin it (or the dispatcher) to get the
    /// same bits on hosts with other core counts.
    /// </summary>
    public static bool PushesWithinLayers(this DataParallelSetup setup) =>
        setup.PushWithinLayers ?? (setup.PushWholeSteps != true && !setup.ShardDispatcher.OnPushingThreads(setup.Consistency, setup.Devices.Count) && CoreLeftIdle(setup.Devices.Count)
                                   && setup.Devices.All(d => d.StartsWith("cpu", StringComparison.Ordinal)));

    /// <summary>
    /// Whether the lone worker of a sync run pushes whole steps (<see cref="DataParallelSetup.PushWholeSteps"/> unless
    /// set): one message per shard once its backward pass is done, each applied by its shard in one pass, instead of a
    /// chunk at a time as layers complete. Chosen when the shards run on the worker's own thread (as
    /// <see cref="ShardDispatcher.Auto"/> has them for a lone sync worker), where the chunks' pipelining overlaps nothing: their per-message cost (a push, an update call and an answer per chunk) and the
    /// version before that each chunk's update must keep (a half-applied step must stay redoable) are pure overhead.
    /// A whole step needs neither: the worker's pushes follow each other with none of its code between them, so a
    /// worker that fails does so before its first push or after its last, and every shard has applied the step or none
    /// has. With several workers a chunk waits for the others' pushes anyway, and clipping waits for the global norm.
    /// </summary>
    public static bool PushesWholeSteps(this DataParallelSetup setup) =>
        setup.PushWholeSteps ?? (setup.Consistency == Consistency.Sync && setup.Devices.Count == 1 && setup.Optimizer.MaxGradientNorm <= 0f
                                 && setup.ShardDispatcher.OnPushingThreads(setup.Consistency, 1) && setup.PushWithinLayers != true);

    /// <summary>Whether the workers' OpenBLAS threads (process-wide, one set per worker's GEMM) leave a core of this host idle.</summary>
    private static bool CoreLeftIdle(int workers) => (long)workers * Math.Max(1, CpuDevice.BlasThreads) < Environment.ProcessorCount;
}

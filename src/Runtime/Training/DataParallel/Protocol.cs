using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

// The data-parallel protocol. Every message is an immutable positional record of wire-safe fields (ints, longs,
// doubles, bools, float and int arrays), serialized field by field by PositionalRecordSerializer under the type id
// ProtocolRegistry gives it. Ids are wire protocol: append, never renumber.

/// <summary>
/// A slice of one worker's gradient for one server shard, tagged (generation, step, worker, incarnation) so stale pushes
/// are dropped: one chunk of the shard's range, or, from a lone worker pushing whole steps
/// (<see cref="ShardDispatcherExtensions.PushesWholeSteps"/>), the whole range. NormSquared is the worker's Σg² over
/// its whole gradient (clipping in the async modes, where one push is one update).
/// <para>Lent: Values is a view of the worker's own gradient memory (sync mode, in process, on a host-memory device):
/// no copy is made, and the worker does not touch it until the step is applied, since it waits for the parameters that
/// follow. The shard reads it before then and keeps nothing. Otherwise Values is a whole array the shard owns and gives
/// back to <see cref="ChunkPool"/>. Lent is not a constructor field, so it never travels: a serialized message arrives
/// with a fresh array of its own.</para>
/// </summary>
public sealed record GradientChunk(int Generation, long Step, int Worker, int Incarnation, int Offset, double NormSquared, ReadOnlyMemory<float> Values)
{
    public bool Lent { get; init; }
}

/// <summary>
/// A worker asks a shard for its parameter slice once the shard has applied at least MinVersion updates — in sync mode
/// chunk by chunk while that version is applied. WithPush (async modes): the worker's push follows, and each of its
/// chunks is answered with the values it leads to, as it is applied. MinStepsDone (bounded mode, a worker held at the
/// staleness bound): answered only once every live worker's pushes of its first MinStepsDone steps are applied here —
/// the stale-synchronous read condition, checked where the updates are, so the wait and the transfer overlap.
/// Request numbers the worker's pulls; the chunks that answer carry it, so an answer to a pull the worker has since
/// replaced can never complete the new one.
/// <para>In process, on a host-memory device, the worker may take the answer where the shard keeps it. Shared (sync):
/// the process's <see cref="SharedParameters"/>, which the shards update in place and the worker computes on directly; a
/// shard answers each chunk there with <see cref="ParameterChunk.InShared"/>. Into (a worker without them, and the async modes):
/// the replica the shard may write its answer into itself (see <see cref="ReplicaTarget"/>). Neither is a constructor
/// field, so neither travels: a serialized pull is answered with values.</para>
/// </summary>
public sealed record PullParameters(int Generation, int Worker, long MinVersion, bool WithPush, long MinStepsDone, long Request)
{
    public SharedParameters? Shared { get; init; }

    public ReplicaTarget? Into { get; init; }

    /// <summary>
    /// A test instrument (see <see cref="ReplicaWatch"/>), with <see cref="Shared"/>: each shard checks its in-place
    /// updates against what the worker still computes on. Null in production; never travels.
    /// </summary>
    public ReplicaWatch? Watch { get; init; }
}

/// <summary>
/// A worker's replica parameters (the whole flat vector: index = key), lent with a pull so that the shard writes the
/// chunks that answer it where the worker computes on them — no copy into a message, none out of it on the worker's
/// thread. Safe only while the worker does not read what is written:
/// <list type="bullet">
/// <item>Computing = false: the worker waits for this pull's answer before it computes, so any chunk may be written.</item>
/// <item>Computing = true: the worker asked before its push (async: with its push; sync, a worker without shared
/// parameters: the next version) and is still computing. Only a chunk applied from this incarnation's own push of the
/// step may be written: its backward pass has finished with those parameters (a worker pushes a chunk only once no
/// later part of its pass reads them). Anything
/// else (a chunk completed by a restarted predecessor's push, one done before the pull came) goes as values, which the
/// worker uploads after its step.</item>
/// </list>
/// A pull the worker has given up (replaced by a newer one, or left by a stopped incarnation) may still be answered
/// into its replica until the shard sees the newer pull or plan. That is safe: a shard takes one worker's messages in
/// order and replaces its open pull before answering the next, so every stale write lands before the answer the worker
/// waits for, and a stopped incarnation's replica is a managed array nobody reads again. For the same reason a written
/// chunk the worker drops (older request or generation) has done no harm.
/// Not a message: it rides on <see cref="PullParameters.Into"/> in process only. Watch: a test instrument (see
/// <see cref="ReplicaWatch"/>), null in production.
/// </summary>
public sealed record ReplicaTarget(Memory<float> Parameters, int Incarnation, bool Computing, ReplicaWatch? Watch = null);

/// <summary>
/// A slice of a shard's parameters at a version (the number of updates applied), answering the worker's pull numbered
/// Request. Values stay as they are while the worker may read them: in sync a view of the shared parameters (which
/// change only once this worker has pushed the chunk) or of the values the shard keeps from before its last update; in
/// the async modes an array lent to this worker alone (<see cref="ChunkPool"/>).
/// When Values is empty, the shard put the values where the worker reads them and the message only says so:
/// Written, into the worker's replica (<see cref="PullParameters.Into"/>); InShared, in <see cref="PullParameters.Shared"/>,
/// which hold Version there until this worker pushes the chunk's gradient; SharedLength says how many keys from Offset
/// that covers: one chunk, or every chunk a whole-step push updated. Like Into and Shared, none of the three travels.
/// </summary>
public sealed record ParameterChunk(int Generation, int Shard, long Version, int Offset, ReadOnlyMemory<float> Values, long Request)
{
    public bool Written { get; init; }

    public bool InShared { get; init; }

    public int SharedLength { get; init; }
}

/// <summary>A shard applied an update; at epoch ends it carries its slice (Snapshot), otherwise an empty array.</summary>
public sealed record ShardApplied(int Generation, int Shard, long Version, float[] Snapshot) : IMayWaitForWakeup
{
    /// <summary>A sync step's routine report (not a re-plan's acknowledgement, nor an epoch's end); never travels.</summary>
    public bool MayWait { get; init; }
}

/// <summary>A shard's Σg² of its summed gradient for a step, for clipping by the global norm in sync mode.</summary>
public sealed record NormPartial(int Generation, long Step, int Shard, double SumOfSquares);

/// <summary>The coordinator's total Σg² over all shards for a step.</summary>
public sealed record GlobalNorm(int Generation, long Step, double SumOfSquares);

/// <summary>
/// Who trains and from which step: sent at start, when a worker is gone for good, and when shards rewind to a checkpoint
/// (Restore). State: the layer state (batch-norm running statistics) replicas go on from; empty: each keeps its own.
/// </summary>
public sealed record Plan(int Generation, int[] LiveWorkers, long Step, bool Restore, float[] State);

/// <summary>A worker incarnation started and asks for its assignment.</summary>
public sealed record WorkerReady(int Worker);

/// <summary>
/// A worker's incarnation number and the plan it joins; NextStep is where this worker goes on (the async modes keep a
/// step per worker), State the layer state it goes on from (empty: its own).
/// </summary>
public sealed record Assignment(int Worker, int Incarnation, int Generation, int[] LiveWorkers, long NextStep, float[] State);

/// <summary>
/// A worker pushed its gradient for a step; carries its loss sum and row count for the epoch's metrics. MinStepsDone
/// (bounded): the fewest steps any live worker had done, as this worker knew when it started the step — known from the
/// shards, it can be ahead of the coordinator's own count, whose StepDone messages may still be on their way.
/// </summary>
public sealed record StepDone(int Generation, int Worker, long Step, double LossSum, int Rows, long MinStepsDone) : IMayWaitForWakeup
{
    /// <summary>Sync, but every <see cref="DeviceWorker.StepsPerWakeup"/>th: the coordinator only books it (see <see cref="Coordinator"/>); never travels.</summary>
    public bool MayWait { get; init; }
}

/// <summary>Bounded staleness: the fewest steps any live worker has completed.</summary>
public sealed record Clock(long MinStepsDone);

/// <summary>The coordinator asks every shard for its current slice (Tag: the epoch-end version it stands for).</summary>
public sealed record SnapshotRequest(long Tag);

/// <summary>A shard's slice at a version, for evaluation in the async modes.</summary>
public sealed record ShardSnapshot(long Tag, int Shard, long Version, float[] Values);

/// <summary>The first live worker's non-trainable state (batch-norm running statistics) after Step steps.</summary>
public sealed record ReplicaState(int Generation, long Step, int Worker, float[] State);

/// <summary>Evaluate these parameters and state on the validation set.</summary>
public sealed record Evaluate(int Epoch, float[] Parameters, float[] State);

/// <summary>Validation loss and accuracy of an epoch's parameters.</summary>
public sealed record Evaluated(int Epoch, double Loss, double Accuracy);

/// <summary>A restarted shard reloaded its newest checkpoint, taken after Step updates.</summary>
public sealed record ShardRestored(int Shard, long Step);
/// <summary>SyncBatchNorm: one replica's contribution to the Call-th all-reduce of a step.</summary>
public sealed record ReduceRequest(int Generation, long Step, int Call, int Worker, int[] LiveWorkers, float[] Values);

/// <summary>The sum of every live replica's contribution, added in worker-id order.</summary>
public sealed record ReduceReply(float[] Values);

/// <summary>
/// A step diverged: a worker's loss was not finite (Detail names the first layer whose output went bad), or a shard got
/// a non-finite gradient (Worker −1 when it was a sum over workers). The run stops, as on one device, with the step (1-based).
/// </summary>
public sealed record Diverged(int Generation, int Worker, long Step, string Detail);

/// <summary>
/// The coordinator, stalled past the step-timeout with no worker behind the others, asks the SyncBatchNorm reducer which
/// replicas its open reduction of this generation still waits for: with batch norm synchronized, a hung replica holds
/// the healthy ones inside the step, so step counts cannot tell them apart.
/// </summary>
public sealed record ReductionStatusRequest(int Generation);

/// <summary>The reducer's answer: the oldest open reduction of the generation (its step) and the live replicas missing from it; none open: Missing is empty.</summary>
public sealed record ReductionStatus(int Generation, long Step, int[] Missing);

using System.Numerics.Tensors;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Owns one key range of the flat parameter vector and that range's optimizer state.
/// <list type="bullet">
/// <item>Push: <see cref="GradientChunk"/>s, tagged (generation, step, worker, incarnation); older generations and
/// incarnations are dropped, since a restarted actor keeps its mailbox and re-planned steps are redone.</item>
/// <item>Sync: each chunk is applied as soon as every live worker has pushed it — their slices summed in worker-id order
/// (bitwise reproducible) — and its new parameters go at once to the workers that asked for the next version, so the
/// update and the parameter transfer overlap the rest of the pushes. With clipping, the whole summed gradient waits
/// for the global norm first. Async/bounded: each chunk is applied on arrival (one push is one update, counted in the
/// version when its last chunk is in), and a worker whose pull came with its push gets each chunk's new values back at once.</item>
/// <item>Pull: <see cref="PullParameters"/> is answered as soon as the shard has applied MinVersion updates (in sync,
/// chunk by chunk while the version is being applied).</item>
/// <item>Checkpoints of the slice and its optimizer state at epoch ends and every N updates; a restarted shard reports its
/// newest, and the coordinator rewinds every shard and worker to it (sync) or has this shard go on from it (async).</item>
/// </list>
/// </summary>
public sealed class ParameterServerShard : ReceiveActor
{
    private readonly DataParallelSetup _setup;
    private readonly ShardRange _range;
    // Async modes: the parameters, updated in place. Sync: the version the shard started or was restored at, which
    // PublishCurrent copies into chunks once; from there each update reads one version's chunk copy and writes the next's
    // (out of place), so a version costs no copy beyond the update itself.
    private readonly float[] _parameters;
    private readonly float[] _state1, _state2;       // optimizer state (empty when the optimizer keeps fewer vectors)
    private readonly float[] _sum;                   // a chunk's gradient summed over workers, in worker order
    private readonly SyncStepChunks _step;           // sync: the chunks of version _version + 1
    private readonly (int Index, int Worker)[] _mirrored; // sync with clipping: each chunk and the replica its update went into
    private readonly AsyncPush[] _pushes;            // async: each worker's push in progress
    private readonly long[] _stepsDone;              // async: per worker, the steps whose pushes are all applied here
    private readonly Dictionary<int, (IActorRef Worker, PullParameters Pull)> _pulls = []; // by worker: one open pull each
    private readonly CheckpointStore? _checkpoints;
    // Immutable copies of each chunk at _version, shared by every reader; in sync also at _version + 1 (being applied)
    // and _version − 1: a worker that restarts mid-push may find some shards a step ahead, and redoes the step from there.
    // Sync recycles the copies of _version − 2 as _spare: once every live worker has pushed step _version − 1 nobody
    // reads them any more (a worker pushes a step only after computing on, so uploading, all of its parameters, and a
    // stale chunk left in a mailbox is dropped by its version before its values are read).
    private float[]?[] _published, _next, _previous, _spare;
    private bool _awaitingNorm;                      // sync with clipping: the summed gradient waits for the global norm
    private int _generation = -1;
    private int[] _live = [];
    private long _version;
    private bool _restarted;
    private bool _diverged;                          // a non-finite gradient came in: nothing more is applied or saved

    private readonly RunCounters? _counters;

    public ParameterServerShard(DataParallelSetup setup, int shard, float[] initial, RunCounters? counters = null)
    {
        _counters = counters;
        _setup = setup;
        _range = setup.Shards[shard];
        if (initial.Length != _range.Length) throw new ArgumentException($"shard {shard} owns {_range.Length} values, got {initial.Length}");
        _parameters = (float[])initial.Clone();
        int states = OptimizerUpdate.StateVectors(setup.Optimizer.Kind);
        _state1 = new float[states >= 1 ? _range.Length : 0];
        _state2 = new float[states >= 2 ? _range.Length : 0];
        _sum = new float[_range.Length];
        int chunks = (_range.Length + setup.ChunkFloats - 1) / setup.ChunkFloats;
        _step = new SyncStepChunks(chunks, setup.Devices.Count, ChunkPool.Shared);
        _mirrored = new (int, int)[chunks];
        _published = new float[chunks][];
        _next = new float[chunks][];
        _previous = new float[chunks][];
        _spare = new float[chunks][];
        _pushes = Enumerable.Range(0, setup.Devices.Count).Select(_ => new AsyncPush()).ToArray();
        _stepsDone = new long[setup.Devices.Count];
        if (setup.CheckpointDirectory is not null) _checkpoints = new CheckpointStore(Path.Combine(setup.CheckpointDirectory, $"shard-{shard}"));

        Receive<Plan>(OnPlan);
        Receive<GradientChunk>(chunk =>
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            int backlog = OnChunk(chunk);
            _counters?.Shard(_range.Shard, System.Diagnostics.Stopwatch.GetTimestamp() - started, 4L * chunk.Values.Length, backlog);
        });
        Receive<PullParameters>(p =>
        {
            if (!_diverged) OnPull(p); // what it holds may be garbage now (async modes update in place)
        });
        Receive<GlobalNorm>(g =>
        {
            if (g.Generation == _generation && g.Step == _version && _awaitingNorm) ApplyClipped(g.SumOfSquares);
        });
        Receive<SnapshotRequest>(r =>
        {
            if (!_diverged) Sender.Tell(new ShardSnapshot(r.Tag, _range.Shard, _version, Published()));
        });
    }

    /// <summary>How much of one worker's push (async modes) this shard has applied, and from which incarnation and step.</summary>
    private sealed class AsyncPush
    {
        public int Incarnation { get; set; } = -1;
        public long Step { get; set; } = -1;
        public int Applied { get; set; }
    }

    /// <summary>The first incarnation checkpoints its initial slice, so a failure before the first epoch end can rewind to step 0.</summary>
    protected override void PreStart()
    {
        if (_version == 0) SaveCheckpoint();
    }

    protected override void PostRestart(Exception reason)
    {
        _restarted = true;
        Context.Parent.Tell(new ShardRestored(_range.Shard, _checkpoints?.Steps().LastOrDefault() ?? 0));
    }

    private bool Sync => _setup.Consistency == Consistency.Sync;

    private void OnPlan(Plan plan)
    {
        _generation = plan.Generation;
        _live = plan.LiveWorkers.Order().ToArray();
        _awaitingNorm = false;
        foreach (var (worker, _) in _pulls.Where(p => p.Value.Pull.Generation < plan.Generation).ToList()) _pulls.Remove(worker);
        if (plan.Restore) Restore(plan.Step);
        // Chunks of the unfinished step that are applied stay applied (and published): the redone step pushes the same
        // gradient, only split across other workers, so only the rest is still needed — from the new plan's workers.
        // With clipping nothing is applied before the norm, and the old plan's sums are dropped.
        if (plan.Restore || _setup.Optimizer.MaxGradientNorm > 0f) _step.Reset();
        else _step.DropPushes();
        // Acknowledge with the version this shard stands at: a sync re-plan tells the workers which step to redo only
        // once every shard has, since pushes in flight may have completed a step on some shards and not on others.
        Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version, []));
        // Pulls of this generation that came before the plan (possible once messages cross nodes) get what is done.
        foreach (var (worker, pull) in _pulls.Values.Where(p => p.Pull.Generation == _generation).ToList()) SendDoneChunks(worker, pull);
        AnswerPulls();
    }

    /// <summary>Takes one chunk; returns the chunks held for other workers' copies (sync; the async modes apply on arrival).</summary>
    private int OnChunk(GradientChunk chunk)
    {
        if (_diverged) return 0;
        if (chunk.Generation != _generation || Array.IndexOf(_live, chunk.Worker) < 0) return 0;
        if (Sync && (chunk.Step != _version || _awaitingNorm)) return 0; // a step already applied, or a re-planned one
        int index = (chunk.Offset - _range.Offset) / _setup.ChunkFloats;
        if (chunk.Offset < _range.Offset || chunk.Offset + chunk.Values.Length > _range.End || ChunkOffset(index) != chunk.Offset || ChunkLength(index) != chunk.Values.Length)
            throw new InvalidOperationException($"shard {_range.Shard} [{_range.Offset}, {_range.End}) got a chunk at [{chunk.Offset}, {chunk.Offset + chunk.Values.Length}) that is not one of its {_setup.ChunkFloats}-value chunks");
        if (Sync) return OnSyncChunk(index, chunk);
        OnAsyncChunk(index, chunk);
        return 0;
    }

    private int OnSyncChunk(int index, GradientChunk chunk)
    {
        if (!_step.Add(index, chunk, _live)) return _step.Held;
        // Sum in worker-id order: the same configuration gives bitwise the same update, whatever the arrival order.
        ReadOnlySpan<float> gradient = _live.Length == 1 ? _step.Push(index, _live[0]).Values.Span : SumChunk(index);
        if (_setup.Optimizer.MaxGradientNorm > 0f)
        {
            if (_live.Length == 1) gradient.CopyTo(_sum.AsSpan(ChunkOffset(index) - _range.Offset));
            _step.MarkDone(index);
            if (!_step.AllDone) return _step.Held;
            float partial = TensorPrimitives.SumOfSquares<float>(_sum);
            if (!float.IsFinite(partial))
            {
                // As the single loop refuses a non-finite gradient norm; the other shards then never get a global norm.
                Diverge(-1, chunk.Step, 0, _range.Length, "norm of the summed gradient");
                return _step.Held;
            }
            _awaitingNorm = true;
            Context.Parent.Tell(new NormPartial(_generation, _version, _range.Shard, partial));
            return _step.Held;
        }
        if (_step.Done == 0) PublishCurrent();
        int mirrored = MirrorTarget(index);
        if (UpdateChunk(index, gradient, 0, mirrored) is not { } next)
        {
            Diverge(_live.Length == 1 ? _live[0] : -1, chunk.Step, index, gradient.Length, $"{(_live.Length == 1 ? "" : "summed ")}gradient, or its update,");
            return _step.Held;
        }
        _next[index] = next;
        _step.MarkDone(index);
        if (_step.AllDone) CompleteVersion([(index, mirrored)]);
        else Stream(index, mirrored);
        return _step.Held;
    }

    private Span<float> SumChunk(int index)
    {
        var target = _sum.AsSpan(ChunkOffset(index) - _range.Offset, ChunkLength(index));
        _step.Push(index, _live[0]).Values.Span.CopyTo(target);
        for (int i = 1; i < _live.Length; i++) TensorPrimitives.Add(target, _step.Push(index, _live[i]).Values.Span, target);
        return target;
    }

    /// <summary>Sync with clipping: the global norm is in, so the whole summed gradient is applied and published at once.</summary>
    private void ApplyClipped(double globalNormSquared)
    {
        _awaitingNorm = false;
        if (!double.IsFinite(globalNormSquared))
        {
            Diverge(-1, _version, 0, _range.Length, "global gradient norm (over every shard) for the update");
            return;
        }
        PublishCurrent();
        for (int i = 0; i < _next.Length; i++)
        {
            _mirrored[i] = (i, MirrorTarget(i));
            if (UpdateChunk(i, _sum.AsSpan(ChunkOffset(i) - _range.Offset, ChunkLength(i)), globalNormSquared, _mirrored[i].Worker) is not { } next)
            {
                Diverge(-1, _version, i, ChunkLength(i), "summed gradient, or its update,");
                return;
            }
            _next[i] = next;
        }
        CompleteVersion(_mirrored);
    }

    /// <summary>
    /// Async modes: the chunk is applied at once. The optimizer is elementwise and Downpour promises no atomicity, so
    /// pushes may interleave chunk by chunk; a push counts as one update (the version, Adam's step) when its last chunk is in.
    /// </summary>
    private void OnAsyncChunk(int index, GradientChunk chunk)
    {
        var push = _pushes[chunk.Worker];
        if (chunk.Incarnation < push.Incarnation || (chunk.Incarnation == push.Incarnation && chunk.Step < push.Step)) return;
        if (chunk.Incarnation != push.Incarnation || chunk.Step != push.Step) (push.Incarnation, push.Step, push.Applied) = (chunk.Incarnation, chunk.Step, 0);
        if (!Update(chunk.Values.Span, ChunkOffset(index) - _range.Offset, chunk.NormSquared, chunk.Step))
        {
            Diverge(chunk.Worker, chunk.Step, index, chunk.Values.Length, "gradient, or its update,"); // applied in place, but never shared or saved
            return;
        }
        ChunkPool.Shared.Return(chunk); // applied: the values are no longer needed
        _published[index] = null; // made again for the next snapshot
        push.Applied += ChunkLength(index);
        bool streaming = _pulls.TryGetValue(chunk.Worker, out var open) && open.Pull.WithPush && open.Pull.Generation == _generation;
        if (streaming) Answer(open.Worker, open.Pull, _version, index, shared: null, pushedBy: chunk.Incarnation);
        if (push.Applied < _range.Length) return;
        if (streaming) _pulls.Remove(chunk.Worker);
        _stepsDone[chunk.Worker] = Math.Max(_stepsDone[chunk.Worker], chunk.Step + 1);
        _version++;
        if (_setup.IsCheckpointStep(_version)) SaveCheckpoint();
        AnswerPulls();
    }

    /// <summary>
    /// As the single-device loop checks its gradient before each update, a shard checks each gradient chunk as it applies
    /// it (in the optimizer's own pass): a non-finite one — a step whose loss was finite but whose backward pass
    /// overflowed — stops the run, and the shard publishes, answers and saves nothing from then on, so no saved or shared
    /// version holds it.
    /// </summary>
    /// <param name="what">what was not finite, e.g. "gradient, or its update,", read before "of parameters [a, b)".</param>
    private void Diverge(int worker, long step, int index, int length, string what)
    {
        _diverged = true;
        int offset = ChunkOffset(index);
        Context.Parent.Tell(new Diverged(_generation, worker, step + 1,
            $"shard {_range.Shard}: the {what} of parameters [{offset}, {offset + length}) is not finite"));
    }

    /// <summary>
    /// One optimizer update of the values at <paramref name="start"/> with the gradient of global step
    /// <paramref name="step"/>: the schedule and the accumulation scale follow that step (in the async modes several
    /// pushes share it), Adam's bias correction the shard's version.
    /// </summary>
    /// <param name="from">sync: the chunk's values at this version, read; <paramref name="into"/> takes the new ones. Null: in place.</param>
    /// <param name="mirror">sync: a worker's replica slice that takes the new values too, in the same pass (see <see cref="MirrorTarget"/>).</param>
    /// <returns>whether the gradient was finite; if not, what was written (the mirror included) is garbage the caller must
    /// not share: the run stops, and a replica's values are never saved.</returns>
    private bool Update(ReadOnlySpan<float> gradient, int start, double gradientNormSquared, long step, float[]? from = null, float[]? into = null, Span<float> mirror = default)
    {
        var faults = _setup.Faults;
        if (!_restarted && faults.Shard == _range.Shard && faults.ShardCrashAtStep == _version)
            throw new InjectedFaultException($"injected crash of server shard {_range.Shard} at step {_version}");
        var update = _setup.Optimizer with
        {
            LearningRate = (float)_setup.Schedule.At(step),
            Step = _version + 1,
            GradientScale = _setup.Optimizer.GradientScale / _setup.Batches(step).Batches,
        };
        int length = gradient.Length;
        var parameters = _parameters.AsSpan(start, length);
        return HostOptimizer.Step(update, from ?? parameters, into ?? parameters, gradient,
            _state1.Length > 0 ? _state1.AsSpan(start, length) : default, _state2.Length > 0 ? _state2.AsSpan(start, length) : default,
            (float)gradientNormSquared, mirror);
    }

    /// <summary>
    /// Sync: applies <paramref name="gradient"/> to chunk <paramref name="index"/>, from its copy at _version into a new
    /// copy (a spare one recycled) and into the replica of worker <paramref name="mirrored"/> (none if −1); null if the
    /// gradient was not finite.
    /// </summary>
    private float[]? UpdateChunk(int index, ReadOnlySpan<float> gradient, double gradientNormSquared, int mirrored)
    {
        var next = _spare[index] ?? GC.AllocateUninitializedArray<float>(ChunkLength(index));
        _spare[index] = null;
        var from = _published[index] ?? throw new InvalidOperationException($"shard {_range.Shard}: chunk {index} of version {_version} is not published");
        var mirror = mirrored < 0 ? default : ReplicaSlice(_pulls[mirrored].Pull.Into!, index);
        return Update(gradient, ChunkOffset(index) - _range.Offset, gradientNormSquared, _version, from, next, mirror) ? next : null;
    }

    /// <summary>
    /// Sync: the worker (−1 if none) whose replica the update of chunk <paramref name="index"/> may store into directly,
    /// in the same pass: the first whose open pull waits for version _version + 1 and whose replica <see cref="Answer"/>
    /// would write. The others, if any, get the chunk from the new copy as before. With one worker per shard in process,
    /// this saves the copy's read of every chunk.
    /// </summary>
    private int MirrorTarget(int index)
    {
        foreach (var (worker, (_, pull)) in _pulls)
            if (pull.Generation == _generation && pull.MinVersion == _version + 1 && Writable(pull, _step.PushedBy(index, worker)))
            {
                var into = pull.Into!;
                into.Watch?.Check(ChunkOffset(index), ChunkLength(index), $"shard {_range.Shard}");
                return worker;
            }
        return -1;
    }

    /// <summary>
    /// Sync: every chunk of version _version + 1 is applied; those in <paramref name="unsent"/> go out now (each already
    /// in the replica of the worker it names, if any). The coordinator hears of the version first: a worker that has all
    /// of it and then restarts must not be assigned the version before.
    /// </summary>
    private void CompleteVersion(IEnumerable<(int Index, int Mirrored)> unsent)
    {
        Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version + 1, _setup.IsEpochEnd(_version + 1) ? Whole(_next) : []));
        foreach (var (index, mirrored) in unsent) Stream(index, mirrored);
        _version++;
        var free = _previous; // version − 2 now: every live worker has pushed the step after it (see _spare)
        foreach (var chunk in free) ChunkPool.Poison(chunk);
        (_previous, _published, _next) = (_published, _next, _spare);
        Array.Clear(_next);
        _spare = free;
        _step.Reset();
        if (_setup.IsCheckpointStep(_version)) SaveCheckpoint();
        foreach (var (worker, _) in _pulls.Where(p => p.Value.Pull.Generation == _generation && p.Value.Pull.MinVersion == _version).ToList())
            _pulls.Remove(worker); // streamed chunk by chunk as the version was applied
        AnswerPulls();
    }

    private int ChunkOffset(int index) => _range.Offset + index * _setup.ChunkFloats;

    private int ChunkLength(int index) => Math.Min(_setup.ChunkFloats, _range.End - ChunkOffset(index));

    /// <summary>A copy of chunk <paramref name="index"/> of <see cref="_parameters"/> for the shard to keep and share.</summary>
    private float[] SnapshotChunk(int index) => CopyChunk(index, GC.AllocateUninitializedArray<float>(ChunkLength(index)));

    /// <summary>Async modes: a copy of chunk <paramref name="index"/> owned by the one worker it is sent to, which returns it to the pool.</summary>
    private float[] LendChunk(int index) => CopyChunk(index, ChunkPool.Shared.Rent(ChunkLength(index)));

    private float[] CopyChunk(int index, float[] into)
    {
        _parameters.AsSpan(ChunkOffset(index) - _range.Offset, ChunkLength(index)).CopyTo(into);
        return into;
    }

    /// <summary>
    /// Sends chunk <paramref name="index"/> at <paramref name="version"/> to a pulling worker. Its values are
    /// <paramref name="shared"/> (sync: a copy every reader shares) or, when null, the current parameters (async modes:
    /// lent to this worker alone). In process the shard writes them straight into the worker's replica when the pull lent
    /// it and the worker cannot be reading them (<see cref="ReplicaTarget"/>: it waits, or its incarnation
    /// <paramref name="pushedBy"/> pushed this chunk), and the message only says so.
    /// </summary>
    /// <param name="mirrored">the update already stored the values into this worker's replica (see <see cref="MirrorTarget"/>).</param>
    private void Answer(IActorRef worker, PullParameters pull, long version, int index, float[]? shared, int pushedBy = -1, bool mirrored = false)
    {
        int offset = ChunkOffset(index);
        if (Writable(pull, pushedBy))
        {
            var into = pull.Into!;
            if (!mirrored)
            {
                ReadOnlySpan<float> values = shared ?? _parameters.AsSpan(offset - _range.Offset, ChunkLength(index));
                into.Watch?.Check(offset, values.Length, $"shard {_range.Shard}");
                values.CopyTo(ReplicaSlice(into, index));
            }
            into.Watch?.Check(offset, ChunkLength(index), $"shard {_range.Shard}"); // after the write too: the worker must not have started reading meanwhile
            worker.Tell(new ParameterChunk(_generation, _range.Shard, version, offset, [], pull.Request) { Written = true });
        }
        else worker.Tell(new ParameterChunk(_generation, _range.Shard, version, offset, shared ?? LendChunk(index), pull.Request));
    }

    /// <summary>
    /// Whether the shard may write its answer into the puller's replica: the pull lent it, and the worker waits, or its
    /// incarnation <paramref name="pushedBy"/> pushed the chunk (its backward pass is done with those parameters).
    /// </summary>
    private static bool Writable(PullParameters pull, int pushedBy) => pull.Into is { } into && (!into.Computing || pushedBy == into.Incarnation);

    private Span<float> ReplicaSlice(ReplicaTarget into, int index) => into.Parameters.Span.Slice(ChunkOffset(index), ChunkLength(index));

    /// <summary>Immutable copies of the parameters at _version, made once per version and shared by every reader.</summary>
    private void PublishCurrent()
    {
        for (int i = 0; i < _published.Length; i++) _published[i] ??= SnapshotChunk(i);
    }

    /// <summary>
    /// Sync: chunk <paramref name="index"/> of version _version + 1 is applied; it goes to every worker waiting for that
    /// version (worker <paramref name="mirrored"/>'s replica holds it already).
    /// </summary>
    private void Stream(int index, int mirrored)
    {
        var values = _next[index]!;
        foreach (var (worker, pull) in _pulls.Values)
            if (pull.Generation == _generation && pull.MinVersion == _version + 1)
                Answer(worker, pull, _version + 1, index, values, _step.PushedBy(index, pull.Worker), mirrored: pull.Worker == mirrored);
    }

    /// <summary>The parameters at this version as one immutable array.</summary>
    private float[] Published()
    {
        PublishCurrent();
        return Whole(_published);
    }

    /// <summary>A complete set of chunk copies as one new array (never a chunk itself: sync recycles those).</summary>
    private float[] Whole(float[]?[] chunks)
    {
        var whole = new float[_range.Length];
        for (int i = 0; i < chunks.Length; i++) chunks[i]!.CopyTo(whole, ChunkOffset(i) - _range.Offset);
        return whole;
    }

    private void OnPull(PullParameters pull)
    {
        if (pull.Generation < _generation) return;
        _pulls[pull.Worker] = (Sender, pull); // a restarted worker's pull replaces its predecessor's
        if (pull.Generation != _generation) return;
        SendDoneChunks(Sender, pull);
        AnswerPulls();
    }

    /// <summary>Sync: a worker that asks for the version being applied gets the chunks done so far now, the rest as they are done.</summary>
    private void SendDoneChunks(IActorRef worker, PullParameters pull)
    {
        if (!Sync || pull.MinVersion != _version + 1) return;
        for (int i = 0; i < _next.Length; i++)
            if (_next[i] is { } values) Answer(worker, pull, _version + 1, i, values); // done before the pull came: never written into a computing worker
    }

    private void AnswerPulls()
    {
        foreach (var (id, (worker, pull)) in _pulls.ToList())
        {
            if (pull.Generation != _generation || pull.MinVersion > _version || pull.WithPush) continue;
            if (pull.MinStepsDone > 0 && _live.Any(w => _stepsDone[w] < pull.MinStepsDone)) continue; // bounded: not caught up
            _pulls.Remove(id);
            if (!Sync)
            {
                for (int i = 0; i < _published.Length; i++) Answer(worker, pull, _version, i, shared: null);
                continue;
            }
            // Sync pulls are for an exact version; the one before is kept for a worker that redoes it (see _previous).
            bool previous = pull.MinVersion == _version - 1 && _previous[0] is not null;
            if (!previous) PublishCurrent();
            var chunks = previous ? _previous : _published;
            for (int i = 0; i < chunks.Length; i++) Answer(worker, pull, previous ? _version - 1 : _version, i, chunks[i]!);
        }
    }

    private void SaveCheckpoint() => _checkpoints?.Save(new Checkpoint
    {
        Header = new CheckpointHeader
        {
            Step = _version,
            Seed = _setup.Seed,
            Optimizer = _setup.Optimizer.Kind.ToString(),
            ParameterCount = _range.Length,
            OptimizerStateVectors = OptimizerUpdate.StateVectors(_setup.Optimizer.Kind),
        },
        Parameters = Sync ? Published() : _parameters, // async: written before this handler returns, so no copy is needed
        State = [],
        OptimizerState = new[] { _state1, _state2 }.Where(s => s.Length > 0).ToArray(),
    });

    private void Restore(long step)
    {
        var checkpoint = (_checkpoints ?? throw new InvalidOperationException($"shard {_range.Shard} cannot rewind: no checkpoint directory")).Read(step);
        if (checkpoint.Parameters.Length != _range.Length)
            throw new InvalidDataException($"checkpoint of shard {_range.Shard} holds {checkpoint.Parameters.Length} values, the shard owns {_range.Length}");
        checkpoint.Parameters.CopyTo(_parameters, 0);
        if (_state1.Length > 0) checkpoint.OptimizerState[0].CopyTo(_state1, 0);
        if (_state2.Length > 0) checkpoint.OptimizerState[1].CopyTo(_state2, 0);
        _version = checkpoint.Header.Step;
        Array.Clear(_published);
        Array.Clear(_next);
        Array.Clear(_previous);
    }
}

/// <summary>A failure a run injected into itself (fault-injection config), to exercise supervision.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

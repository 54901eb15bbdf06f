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
/// (bitwise reproducible) — in place in the <see cref="SharedParameters"/> the workers in process compute on, keeping the
/// values from before for a redone step; its new parameters go at once to the workers that asked for the next version, so the
/// update and the parameter transfer overlap the rest of the pushes. With clipping, the whole summed gradient waits
/// for the global norm first. A lone worker on the shards' thread pushes whole steps instead: its gradient for the
/// whole range in one message, applied in one pass, answered in one, keeping nothing from before.
/// Async/bounded: each chunk is applied on arrival (one push is one update, counted in the version when its last chunk
/// is in), and a worker whose pull came with its push gets each chunk's new values back at once.</item>
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
    // LoadShared copies into the shared parameters, where it is updated in place from then on.
    private readonly float[] _parameters;
    private readonly float[] _state1, _state2;       // optimizer state (empty when the optimizer keeps fewer vectors)
    private readonly float[] _sum;                   // a chunk's gradient summed over workers, in worker order; sync: then its previous values (see _kept)
    private readonly SyncStepChunks _step;           // sync: the chunks of version _version + 1
    private readonly SharedParameters? _shared;      // sync: the parameters, updated in place (shared with the process's other shards and workers)
    private bool _sharedLoaded;                      // sync: _shared holds this shard's range (from _parameters at the start and after a restore)
    private readonly AsyncPush[] _pushes;            // async: each worker's push in progress
    private readonly long[] _stepsDone;              // async: per worker, the steps whose pushes are all applied here
    private readonly Dictionary<int, (IActorRef Worker, PullParameters Pull)> _pulls = []; // by worker: one open pull each
    private readonly CheckpointStore? _checkpoints;
    // Sync: per chunk, whether the step in progress has updated it (the shared parameters then hold it at _version + 1,
    // else at _version), and whether _sum holds its values from before its last update, stored there by that update
    // itself: at _version if updated in this step, else at _version − 1. A restarted worker redoes a step from them,
    // since it may find some chunks, or some shards, a step ahead. They stay until the chunk's next sum or update, which
    // comes only once every live worker has pushed the next step: then none redoes the one before.
    private readonly bool[] _applied, _kept;
    private readonly bool _wholeSteps;               // sync, a lone worker: each push is the step's gradient for the whole range (see ApplyWholeStep)
    private bool _awaitingNorm;                      // sync with clipping: the summed gradient waits for the global norm
    private int _generation = -1;
    private int[] _live = [];
    private long _version;
    private bool _restarted;
    private bool _diverged;                          // a non-finite gradient came in: nothing more is applied or saved

    private readonly RunCounters? _counters;

    /// <param name="shared">sync: the process's shared parameters, which in-process workers compute on (null: the shard keeps its range's own).</param>
    public ParameterServerShard(DataParallelSetup setup, int shard, float[] initial, RunCounters? counters = null, SharedParameters? shared = null)
    {
        _counters = counters;
        _setup = setup;
        _range = setup.Shards[shard];
        if (initial.Length != _range.Length) throw new ArgumentException($"shard {shard} owns {_range.Length} values, got {initial.Length}");
        _parameters = (float[])initial.Clone();
        int states = OptimizerUpdate.StateVectors(setup.Optimizer.Kind);
        _state1 = new float[states >= 1 ? _range.Length : 0];
        _state2 = new float[states >= 2 ? _range.Length : 0];
        _wholeSteps = setup.PushesWholeSteps();
        _sum = new float[Sync && _wholeSteps ? 0 : _range.Length]; // whole steps neither sum nor keep a version
        int chunks = (_range.Length + setup.ChunkFloats - 1) / setup.ChunkFloats;
        _step = new SyncStepChunks(chunks, setup.Devices.Count, ChunkPool.Shared);
        if (Sync)
        {
            _shared = shared ?? new SharedParameters(_range.Offset, _range.Length);
            if (_shared.Offset > _range.Offset || _shared.Offset + (long)_shared.Length < _range.End)
                throw new ArgumentException($"shard {shard} owns keys [{_range.Offset}, {_range.End}), its shared parameters hold [{_shared.Offset}, {_shared.Offset + (long)_shared.Length})", nameof(shared));
        }
        _applied = new bool[Sync ? chunks : 0];
        _kept = new bool[Sync ? chunks : 0];
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
        if (Sync) LoadShared();
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
        if (_wholeSteps)
        {
            ApplyWholeStep(chunk);
            return 0;
        }
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
        // The lone worker's gradient as it is, or the sum in worker-id order: the same configuration gives bitwise the
        // same update, whatever the arrival order.
        var lone = _live.Length == 1 && _setup.Optimizer.MaxGradientNorm <= 0f ? _step.Push(index, _live[0]) : null;
        ReadOnlySpan<float> gradient = lone is not null ? lone.Values.Span : SumChunk(index);
        if (_setup.Optimizer.MaxGradientNorm > 0f)
        {
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
        if (!UpdateChunk(index, gradient, 0))
        {
            Diverge(_live.Length == 1 ? _live[0] : -1, chunk.Step, index, gradient.Length, $"{(_live.Length == 1 ? "" : "summed ")}gradient, or its update,");
            return _step.Held;
        }
        _step.MarkDone(index);
        if (_step.AllDone) CompleteVersion(index, 1);
        else Stream(index, 1);
        return _step.Held;
    }

    /// <summary>
    /// Sync, a lone worker pushing whole steps (<see cref="ShardDispatcherExtensions.PushesWholeSteps"/>): the step's
    /// gradient for the shard's whole range, applied in one pass and answered in one message. Nothing is kept from before:
    /// the worker pushes to every shard or to none (see there), so no shard is ever a step ahead of another for a redo.
    /// </summary>
    private void ApplyWholeStep(GradientChunk push)
    {
        if (push.Offset != _range.Offset || push.Values.Length != _range.Length)
            throw new InvalidOperationException($"shard {_range.Shard} [{_range.Offset}, {_range.End}) got a push of [{push.Offset}, {push.Offset + push.Values.Length}) " +
                                                "in a run that pushes whole steps, which must cover its whole range");
        WatchInPlace(_range.Offset, _range.Length);
        if (!Update(push.Values.Span, 0, 0, _version, Current(0, _range.Length).Span, previous: default))
        {
            Diverge(push.Worker, push.Step, 0, _range.Length, "gradient, or its update,");
            return;
        }
        WatchInPlace(_range.Offset, _range.Length);
        ChunkPool.Shared.Return(push); // applied: the values are no longer needed
        CompleteVersion(0, _applied.Length);
    }

    /// <summary>The chunk's pushes summed into <see cref="_sum"/>, which held its previous values until now (see _kept).</summary>
    private Span<float> SumChunk(int index)
    {
        var target = Sum(index);
        _kept[index] = false;
        _step.Push(index, _live[0]).Values.Span.CopyTo(target);
        for (int i = 1; i < _live.Length; i++) TensorPrimitives.Add(target, _step.Push(index, _live[i]).Values.Span, target);
        return target;
    }

    private Span<float> Sum(int index) => _sum.AsSpan(ChunkOffset(index) - _range.Offset, ChunkLength(index));

    /// <summary>Sync with clipping: the global norm is in, so the whole summed gradient is applied and published at once.</summary>
    private void ApplyClipped(double globalNormSquared)
    {
        _awaitingNorm = false;
        if (!double.IsFinite(globalNormSquared))
        {
            Diverge(-1, _version, 0, _range.Length, "global gradient norm (over every shard) for the update");
            return;
        }
        for (int i = 0; i < _applied.Length; i++)
            if (!UpdateChunk(i, Sum(i), globalNormSquared))
            {
                Diverge(-1, _version, i, ChunkLength(i), "summed gradient, or its update,");
                return;
            }
        CompleteVersion(0, _applied.Length);
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
        int start = ChunkOffset(index) - _range.Offset;
        if (!Update(chunk.Values.Span, start, chunk.NormSquared, chunk.Step, _parameters.AsSpan(start, chunk.Values.Length), previous: default))
        {
            Diverge(chunk.Worker, chunk.Step, index, chunk.Values.Length, "gradient, or its update,"); // applied in place, but never shared or saved
            return;
        }
        ChunkPool.Shared.Return(chunk); // applied: the values are no longer needed
        push.Applied += ChunkLength(index);
        bool streaming = _pulls.TryGetValue(chunk.Worker, out var open) && open.Pull.WithPush && open.Pull.Generation == _generation;
        if (streaming) Answer(open.Worker, open.Pull, _version, index, values: null, pushedBy: chunk.Incarnation);
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
    /// One optimizer update, in place, of <paramref name="parameters"/> (the keys from <paramref name="start"/> on in the
    /// shard's range) with the gradient of global step <paramref name="step"/>: the schedule and the accumulation scale
    /// follow that step (in the async modes several pushes share it), Adam's bias correction the shard's version. The
    /// values from before go to <paramref name="previous"/> unless it is empty.
    /// </summary>
    /// <returns>whether the gradient was finite; if not, what was written is garbage the caller must not share: the run stops.</returns>
    private bool Update(ReadOnlySpan<float> gradient, int start, double gradientNormSquared, long step, Span<float> parameters, Span<float> previous)
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
        return HostOptimizer.Step(update, parameters, gradient,
            _state1.Length > 0 ? _state1.AsSpan(start, length) : default, _state2.Length > 0 ? _state2.AsSpan(start, length) : default,
            (float)gradientNormSquared, previous);
    }

    /// <summary>
    /// Sync: applies <paramref name="gradient"/> to chunk <paramref name="index"/> of the shared parameters, in place, and
    /// keeps the chunk's values from before in <see cref="_sum"/> (see _kept), in the same pass: shard-owned memory that
    /// holds the summed gradient the pass reads when there are several workers. False if the gradient was not finite.
    /// </summary>
    private bool UpdateChunk(int index, ReadOnlySpan<float> gradient, double gradientNormSquared)
    {
        WatchInPlace(ChunkOffset(index), ChunkLength(index));
        if (!Update(gradient, ChunkOffset(index) - _range.Offset, gradientNormSquared, _version, Current(index).Span, Sum(index))) return false;
        WatchInPlace(ChunkOffset(index), ChunkLength(index)); // after the update too: no worker may have started reading meanwhile
        _kept[index] = _applied[index] = true;
        return true;
    }

    /// <summary>Tests only: an in-place update of keys [<paramref name="offset"/>, + <paramref name="length"/>) against what each watched worker still computes on.</summary>
    private void WatchInPlace(int offset, int length)
    {
        if (!ReplicaWatch.Enabled) return; // production: no pass over the open pulls, twice per update
        foreach (var (_, pull) in _pulls.Values)
            if (pull.Watch is { } watch && ComputesOnShared(pull))
                watch.Check(offset, length, $"shard {_range.Shard}, in place");
    }

    /// <summary>
    /// Sync: every chunk of version _version + 1 is applied; the <paramref name="count"/> from <paramref name="first"/>
    /// on go out now. The coordinator hears of the version first: a worker that has all of it and then restarts must
    /// not be assigned the version before.
    /// </summary>
    private void CompleteVersion(int first, int count)
    {
        bool epochEnd = _setup.IsEpochEnd(_version + 1);
        Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version + 1, epochEnd ? Current(0, _range.Length).ToArray() : []) { MayWait = !epochEnd });
        Stream(first, count);
        _version++;
        Array.Clear(_applied); // every chunk's previous values are now the version before
        _step.Reset();
        if (_setup.IsCheckpointStep(_version)) SaveCheckpoint();
        foreach (var (worker, _) in _pulls.Where(p => p.Value.Pull.Generation == _generation && p.Value.Pull.MinVersion == _version).ToList())
            _pulls.Remove(worker); // streamed chunk by chunk as the version was applied
        AnswerPulls();
    }

    private int ChunkOffset(int index) => _range.Offset + index * _setup.ChunkFloats;

    private int ChunkLength(int index) => Math.Min(_setup.ChunkFloats, _range.End - ChunkOffset(index));

    private Span<float> FlatChunk(int index) => _parameters.AsSpan(ChunkOffset(index) - _range.Offset, ChunkLength(index));

    /// <summary>Sync: chunk <paramref name="index"/> of the shared parameters.</summary>
    private Memory<float> Current(int index) => Current(ChunkOffset(index) - _range.Offset, ChunkLength(index));

    private Memory<float> Current(int start, int length) => _shared!.Chunk(_range.Offset + start, length);

    /// <summary>Async modes: a copy of chunk <paramref name="index"/> owned by the one worker it is sent to, which returns it to the pool.</summary>
    private float[] LendChunk(int index)
    {
        var copy = ChunkPool.Shared.Rent(ChunkLength(index));
        FlatChunk(index).CopyTo(copy);
        return copy;
    }

    /// <summary>
    /// Sends chunk <paramref name="index"/> at <paramref name="version"/> to a pulling worker. Its values are
    /// <paramref name="values"/> (sync: the shared parameters, or the chunk's previous values, which no update changes
    /// while the worker may read them) or, when null, the current parameters (async modes: lent to this worker alone).
    /// In process the message may only say where they are: in the shared parameters (<paramref name="inShared"/>), when
    /// the worker computes on them; or in the worker's replica, which the shard writes itself when the pull lent it and
    /// the worker cannot be reading them (<see cref="ReplicaTarget"/>: it waits, or its incarnation
    /// <paramref name="pushedBy"/> pushed this chunk).
    /// </summary>
    private void Answer(IActorRef worker, PullParameters pull, long version, int index, ReadOnlyMemory<float>? values, bool inShared = false, int pushedBy = -1)
    {
        int offset = ChunkOffset(index);
        if (inShared && ComputesOnShared(pull)) AnswerInShared(worker, pull, version, index, 1);
        else if (Writable(pull, pushedBy))
        {
            var into = pull.Into!;
            ReadOnlySpan<float> source = values is { } memory ? memory.Span : FlatChunk(index);
            into.Watch?.Check(offset, source.Length, $"shard {_range.Shard}");
            source.CopyTo(ReplicaSlice(into, index));
            into.Watch?.Check(offset, source.Length, $"shard {_range.Shard}"); // after the write too: the worker must not have started reading meanwhile
            worker.Tell(new ParameterChunk(_generation, _range.Shard, version, offset, ReadOnlyMemory<float>.Empty, pull.Request) { Written = true });
        }
        else worker.Tell(new ParameterChunk(_generation, _range.Shard, version, offset, values ?? LendChunk(index), pull.Request));
    }

    /// <summary>Whether the puller computes on the shared parameters this shard updates (sync, in process).</summary>
    private bool ComputesOnShared(PullParameters pull) => _shared is not null && ReferenceEquals(pull.Shared, _shared);

    /// <summary>Chunks [<paramref name="first"/>, + <paramref name="count"/>) are at <paramref name="version"/> in the shared parameters: one message says so.</summary>
    private void AnswerInShared(IActorRef worker, PullParameters pull, long version, int first, int count)
    {
        int offset = ChunkOffset(first), end = ChunkOffset(first + count - 1) + ChunkLength(first + count - 1);
        worker.Tell(new ParameterChunk(_generation, _range.Shard, version, offset, ReadOnlyMemory<float>.Empty, pull.Request) { InShared = true, SharedLength = end - offset });
    }

    /// <summary>
    /// Whether the shard may write its answer into the puller's replica: the pull lent it, and the worker waits, or its
    /// incarnation <paramref name="pushedBy"/> pushed the chunk (its backward pass is done with those parameters).
    /// </summary>
    private static bool Writable(PullParameters pull, int pushedBy) => pull.Into is { } into && (!into.Computing || pushedBy == into.Incarnation);

    private Span<float> ReplicaSlice(ReplicaTarget into, int index) => into.Parameters.Span.Slice(ChunkOffset(index), ChunkLength(index));

    /// <summary>Sync: the shard's range of the shared parameters from <see cref="_parameters"/>, at the start and after a restore.</summary>
    private void LoadShared()
    {
        if (_sharedLoaded) return;
        _parameters.CopyTo(Current(0, _range.Length).Span);
        _sharedLoaded = true;
    }

    /// <summary>
    /// Sync: the <paramref name="count"/> chunks from <paramref name="first"/> on of version _version + 1 are applied;
    /// they go to every worker waiting for that version — in one message to a worker that computes on the shared parameters.
    /// </summary>
    private void Stream(int first, int count)
    {
        foreach (var (worker, pull) in _pulls.Values)
        {
            if (pull.Generation != _generation || pull.MinVersion != _version + 1) continue;
            if (ComputesOnShared(pull)) AnswerInShared(worker, pull, _version + 1, first, count);
            else
                for (int index = first; index < first + count; index++)
                    Answer(worker, pull, _version + 1, index, Current(index), inShared: true, _step.PushedBy(index, pull.Worker));
        }
    }

    /// <summary>The parameters at this version as one new array.</summary>
    private float[] Published()
    {
        if (!Sync || !_sharedLoaded) return (float[])_parameters.Clone(); // async, or sync before the first plan
        var whole = new float[_range.Length];
        for (int i = 0; i < _applied.Length; i++) AtVersion(i).Span.CopyTo(whole.AsSpan(ChunkOffset(i) - _range.Offset));
        return whole;
    }

    /// <summary>Sync: chunk <paramref name="index"/> at _version: its previous values if this step has updated it, else the shared ones.</summary>
    private Memory<float> AtVersion(int index) => _applied[index] ? Kept(index) : Current(index);

    /// <summary>Sync: chunk <paramref name="index"/>'s values from before its last update.</summary>
    private Memory<float> Kept(int index) => _sum.AsMemory(ChunkOffset(index) - _range.Offset, ChunkLength(index));

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
        for (int i = 0; i < _applied.Length; i++)
            if (_applied[i]) Answer(worker, pull, _version + 1, i, Current(i), inShared: true); // done before the pull came: never written into a computing worker
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
                for (int i = 0; i < _step.Count; i++) Answer(worker, pull, _version, i, values: null);
                continue;
            }
            // Sync pulls are for an exact version; the one before is kept for a worker that redoes it (see _kept) — but
            // not with whole steps, where no worker can find a shard a step ahead: that it did is a broken invariant,
            // said here (the shard restarts from its checkpoint, or the run fails naming it) rather than a stall.
            if (_wholeSteps && pull.MinVersion < _version)
                throw new InvalidOperationException($"shard {_range.Shard} stands at step {_version}, past step {pull.MinVersion} that worker {id} asks for, " +
                                                    "in a run that pushes whole steps and keeps no version from before");
            bool previous = pull.MinVersion == _version - 1 && Array.IndexOf(_applied, true) < 0 && Array.IndexOf(_kept, false) < 0;
            for (int i = 0; i < _applied.Length; i++)
            {
                if (previous || _applied[i]) Answer(worker, pull, previous ? _version - 1 : _version, i, Kept(i));
                else Answer(worker, pull, _version, i, Current(i), inShared: true);
            }
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
        _sharedLoaded = false;
        Array.Clear(_applied);
        Array.Clear(_kept);
    }
}

/// <summary>A failure a run injected into itself (fault-injection config), to exercise supervision.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

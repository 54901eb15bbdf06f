using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// One model replica on one device (run on the pinned dispatcher: it blocks in native compute). Per step it pulls the
/// parameters of the version it needs, computes the gradient of its share of the global batch — rows split evenly
/// across live workers, so a re-plan redistributes a lost worker's share — and pushes the gradient to the shards in
/// chunks. Its incarnation and plan come from the coordinator, so a restarted worker rejoins exactly where the job is.
/// <para>It asks for parameters before pushing — in sync mode for the next version, in the async modes (every
/// <c>pull-every</c> steps) for the values its push leads to — so each shard streams every chunk back the moment it is
/// applied, and the transfer overlaps the rest of the push instead of following it.</para>
/// </summary>
public sealed class DeviceWorker : ReceiveActor
{
    /// <summary>Self-message between async steps, so other messages get a turn; never leaves the actor.</summary>
    private sealed record Continue(int Generation) : INoSerializationVerificationNeeded;

    /// <summary>Sync: one StepDone in this many wakes the coordinator (see <see cref="Coordinator"/>); the rest wait for it to run.</summary>
    public const int StepsPerWakeup = 16;

    private readonly int _id;
    private readonly DataParallelSetup _setup;
    private readonly IActorRef _coordinator;
    private readonly IActorRef[] _shards;
    private readonly IDevice _device;
    private readonly IDeviceStream _stream;
    private readonly Sequential _model;
    private readonly Loss _loss;
    private readonly BatchSource _batches;
    private readonly DeviceBuffer _targets, _losses, _scalar;
    private readonly float[] _readback = new float[1];
    private readonly ICrossReplicaReducer? _reducer;
    private int _incarnation = -1, _generation = -1, _position; // -1: no assignment yet
    private int[] _live = [];
    private long _nextStep, _minDone;
    private readonly HashSet<int> _chunksReceived = [];   // offsets of the parameter chunks of the pull in progress
    private readonly HashSet<int> _chunksInShared = [];   // those of them the shards answered as in the shared parameters
    private readonly List<ReadOnlyMemory<float>> _uploading = []; // async modes: lent parameter chunks, back to the pool once the stream has read them
    private readonly Memory<float> _replica;               // host-memory devices: the replica's own parameters, lent with pulls for shards to write into
    private readonly SharedParameters? _shared;            // sync on a host-memory device in the shards' process: the parameters it computes on
    private readonly bool _lendsReplica;
    private readonly ReplicaWatch? _watch;                // tests only: checks that shards write the replica only when allowed
    private readonly int _chunkCount;
    private readonly (int Shard, int Offset, int Length)[] _pushOrder; // every chunk, last first: the order backward completes them
    private readonly Action<int> _pushTail;
    private readonly bool _pushWithinLayers;                // push a dense layer's gradient in blocks as it completes (see PushesWithinLayers)
    private readonly bool _pushWholeSteps;                  // sync, the lone worker: push once per shard when the backward pass is done (see PushesWholeSteps)
    private static readonly Action<int> NoPush = _ => { };
    private long _pushStep;
    private int _pushed;                                   // chunks of _pushStep already pushed
    private bool _awaitingParameters, _blockedByClock;
    private long _pullMinStepsDone;                        // the condition of the pull in progress (bounded, held), 0: none
    private long _pullRequest;                             // the number of the pull in progress: only its answers count

    private readonly RunCounters? _counters;
    private long _waitingSince;                            // start of the wait before the next step, 0: none
    private long _heldSince, _heldTicks;                   // bounded: held at the staleness bound (by design, not overhead)

    /// <param name="state">the layer state to start from (a resumed run's batch-norm running statistics); empty: the seed's.</param>
    /// <param name="shared">sync: the parameters the shards of this process update in place; a worker on a host-memory device computes on them.</param>
    public DeviceWorker(int id, DataParallelSetup setup, IActorRef coordinator, IActorRef[] shards, IActorRef? batchNormReducer, float[] state,
        RunCounters? counters = null, SharedParameters? shared = null)
    {
        if (shared is not null && (shared.Offset != 0 || shared.Length != setup.ParameterCount))
            throw new ArgumentException($"worker {id}: shared parameters of keys [{shared.Offset}, {shared.Offset + (long)shared.Length}) are not the model's {setup.ParameterCount}", nameof(shared));
        _counters = counters;
        _id = id;
        _setup = setup;
        _coordinator = coordinator;
        _shards = shards;
        _device = setup.Device(setup.Devices[id]);
        _stream = _device.CreateStream();
        _model = setup.Model(_device, setup.GlobalBatch);
        if (_model.Layout.Length != setup.ParameterCount)
        {
            _model.Dispose();
            _stream.Dispose();
            _device.Dispose();
            throw new InvalidOperationException($"worker {id}: model has {_model.Layout.Length} parameters, the shards hold {setup.ParameterCount}");
        }
        _loss = setup.Loss();
        _batches = new BatchSource(setup.Training, setup.GlobalBatch, setup.Seed, augmentation: null);
        _targets = _device.Allocate(setup.GlobalBatch * setup.Training.TargetWidth);
        _losses = _device.Allocate(setup.GlobalBatch);
        _scalar = _device.Allocate(1);
        _pushOrder = setup.Shards
            .SelectMany(r => Enumerable.Range(0, (r.Length + setup.ChunkFloats - 1) / setup.ChunkFloats)
                .Select(k => (r.Shard, r.Offset + k * setup.ChunkFloats, Math.Min(setup.ChunkFloats, r.Length - k * setup.ChunkFloats))))
            .OrderByDescending(c => c.Item2).ToArray();
        _chunkCount = _pushOrder.Length;
        _pushTail = finalFrom => Push(finalFrom, 0);
        _pushWithinLayers = setup.PushesWithinLayers();
        _pushWholeSteps = setup.PushesWholeSteps();
        if (setup.SyncBatchNorm && batchNormReducer is not null) _reducer = new ActorReducer(this, batchNormReducer);
        _lendsReplica = _model.Parameters.All.TryGetHostMemory(out _replica);
        if (Sync && shared is not null && _model.Parameters.TryBind(null)) _shared = shared; // null: its own memory, as it is
        if (ReplicaWatch.Enabled) _watch = new ReplicaWatch(id);
        _model.Initialize(_stream, setup.Seed); // state (running statistics) starts as on one device; parameters come from the shards
        LoadState(state);

        Receive<Assignment>(a =>
        {
            _incarnation = a.Incarnation;
            LoadState(a.State);
            Join(a.Generation, a.LiveWorkers, a.NextStep);
        });
        Receive<Plan>(p =>
        {
            // A restarted instance ignores plans left in the mailbox until the coordinator has assigned it its incarnation.
            if (_incarnation < 0 || p.Generation <= _generation) return;
            LoadState(p.State);
            Join(p.Generation, p.LiveWorkers, p.Step >= 0 ? p.Step : _nextStep);
        });
        Receive<ParameterChunk>(OnParameters);
        Receive<Clock>(c =>
        {
            _minDone = Math.Max(_minDone, c.MinStepsDone);
            if (!_blockedByClock || _nextStep - _minDone > _setup.Staleness) return;
            EndHold();
            // The clock came before the shards' answer to the held worker's pull (usually it comes after): ask again
            // without the condition, in case a push the clock counted never completes on some shard.
            Pull(0, withPush: false, computing: false);
        });
        Receive<Continue>(c =>
        {
            if (c.Generation == _generation && !_awaitingParameters) TryCompute();
        });
    }

    protected override void PreStart() => _coordinator.Tell(new WorkerReady(_id));

    /// <summary>Replaces the replica's layer state (batch-norm running statistics); empty keeps it.</summary>
    private void LoadState(float[] state)
    {
        if (state.Length == 0) return;
        if (state.Length != _model.State.Length) throw new ArgumentException($"worker {_id}: model has {_model.State.Length} state values, got {state.Length}");
        _stream.Upload(state, _model.State.All).Wait();
    }

    protected override void PostRestart(Exception reason) => PreStart();

    private bool Sync => _setup.Consistency == Consistency.Sync;

    private void Join(int generation, int[] live, long step)
    {
        if (_blockedByClock) EndHold(); // the plan ends the hold
        _generation = generation;
        _live = live;
        _position = Array.IndexOf(live, _id);
        if (_position < 0)
        {
            Context.Stop(Self); // re-planned without this worker
            return;
        }
        _nextStep = step;
        Pull(Sync ? step : 0, withPush: false, computing: false);
    }

    /// <param name="withPush">async modes: this worker's push follows, and each shard answers chunk by chunk as it applies it.</param>
    /// <param name="computing">the worker computes a step before it reads the answer (see <see cref="ReplicaTarget"/>).</param>
    /// <param name="minStepsDone">bounded: answered once every live worker has this many steps applied (see <see cref="PullParameters"/>).</param>
    private void Pull(long minVersion, bool withPush, bool computing, long minStepsDone = 0)
    {
        _awaitingParameters = true;
        _pullMinStepsDone = minStepsDone;
        _pullRequest++;
        if (_waitingSince == 0) _waitingSince = System.Diagnostics.Stopwatch.GetTimestamp();
        _chunksReceived.Clear();
        _chunksInShared.Clear();
        var into = _lendsReplica && _shared is null ? new ReplicaTarget(_replica, _incarnation, computing, _watch) : null;
        foreach (var shard in _shards)
            shard.Tell(new PullParameters(_generation, _id, minVersion, withPush, minStepsDone, _pullRequest) { Shared = _shared, Into = into, Watch = _shared is null ? null : _watch });
    }

    private void EndHold()
    {
        _blockedByClock = false;
        _heldTicks += System.Diagnostics.Stopwatch.GetTimestamp() - _heldSince;
    }

    /// <remarks>
    /// In sync mode the chunk's values are the shard's, shared by every worker; in the async modes they are lent to this
    /// worker alone (<see cref="ChunkPool"/>), which gives them back once read. A chunk the shard wrote into the replica
    /// itself (<see cref="ParameterChunk.Written"/>) or updates in the shared parameters (<see cref="ParameterChunk.InShared"/>) only counts.
    /// </remarks>
    private void OnParameters(ParameterChunk chunk)
    {
        if (chunk.Generation != _generation || !_awaitingParameters || chunk.Request != _pullRequest || (Sync && chunk.Version != _nextStep))
        {
            if (!Sync && !chunk.Written) ChunkPool.Shared.Return(chunk.Values);
            return;
        }
        _counters?.ParameterChunk(chunk.Written || chunk.InShared);
        // Chunks are counted by offset: one that comes twice counts once.
        if (chunk.InShared)
        {
            // One chunk, or every chunk a shard's whole-step update covers.
            for (int offset = chunk.Offset; offset < chunk.Offset + chunk.SharedLength; offset += _setup.ChunkFloats)
            {
                _chunksInShared.Add(offset);
                _chunksReceived.Add(offset);
            }
        }
        else
        {
            if (!chunk.Written)
            {
                // Into the replica's own parameters (the model may still be bound to the shared ones): the chunk stays as
                // it is while this worker may read it, so the upload may read it asynchronously.
                if (_shared is not null) chunk.Values.Span.CopyTo(_replica.Span.Slice(chunk.Offset, chunk.Values.Length));
                else _stream.Upload(chunk.Values, _model.Parameters.Slice(chunk.Offset, chunk.Values.Length));
                if (!Sync) _uploading.Add(chunk.Values);
            }
            _chunksReceived.Add(chunk.Offset);
        }
        if (_chunksReceived.Count < _chunkCount) return;
        _awaitingParameters = false;
        BindParameters();
        // Every shard answered a held worker's pull only once all live workers had that many steps applied: the bound
        // is met without waiting for the coordinator's clock.
        _minDone = Math.Max(_minDone, _pullMinStepsDone);
        if (_blockedByClock && _nextStep - _minDone <= _setup.Staleness) EndHold();
        TryCompute();
    }

    /// <summary>
    /// Sync, every chunk of the version in: the model computes on the shared parameters if every shard answered there,
    /// else (a restarted worker redoing a step some chunks are ahead of) on its own memory, with the chunks that are
    /// there copied in: they stay as they are until this worker pushes them.
    /// </summary>
    private void BindParameters()
    {
        if (_shared is null) return;
        if (_chunksInShared.Count == _chunkCount)
        {
            _model.Parameters.TryBind(_shared.Vector);
            return;
        }
        _model.Parameters.TryBind(null);
        foreach (var (_, offset, length) in _pushOrder)
            if (_chunksInShared.Contains(offset)) _shared.Chunk(offset, length).Span.CopyTo(_replica.Span.Slice(offset, length));
    }

    private void TryCompute()
    {
        if (_nextStep >= _setup.TotalSteps) return;
        if (_setup.Consistency == Consistency.Bounded && _nextStep - _minDone > _setup.Staleness)
        {
            if (_blockedByClock) return; // still held: the pull below, or a Clock, wakes this worker
            _blockedByClock = true;
            _heldSince = System.Diagnostics.Stopwatch.GetTimestamp();
            if (_waitingSince == 0) _waitingSince = _heldSince;
            // Ask now for the parameters the next step may read: the shards answer once the slowest has caught up.
            Pull(0, withPush: false, computing: false, minStepsDone: _nextStep - _setup.Staleness);
            return;
        }
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        long waited = _waitingSince == 0 ? 0 : started - _waitingSince, held = Math.Min(_heldTicks, waited);
        (_waitingSince, _heldTicks) = (0, 0);
        long step = _nextStep;
        // Before the push, so that each shard streams a chunk back as soon as it is applied.
        if (Sync) Pull(step + 1, withPush: false, computing: true);
        else if ((step + 1) % _setup.PullEvery == 0) Pull(0, withPush: true, computing: true);
        (_pushStep, _pushed) = (step, 0);
        double lossSum, normSquared;
        int rows, lastRows;
        _watch?.StartComputing();
        try
        {
            (lossSum, rows, lastRows, normSquared) = Compute(step);
        }
        catch (ReductionAbandonedException)
        {
            _watch?.StopComputing();
            _uploading.Clear(); // left to the collector: whether the stream has read them is not known here
            return; // a re-plan is on its way in the mailbox; it says which step to redo
        }
        // Once the stream has run everything enqueued so far, every upload has read its chunk (a worker with no rows in a
        // step enqueued no compute, so this is not implied by Compute's own waits on asynchronous devices).
        if (_uploading.Count > 0)
        {
            _stream.Synchronize();
            foreach (var lent in _uploading) ChunkPool.Shared.Return(lent);
            _uploading.Clear();
        }
        _watch?.StopComputing();
        if (!double.IsFinite(lossSum))
        {
            // As on one device, a non-finite loss stops the run, naming the step and the first layer that went bad;
            // a restart would only redo the same step. Nothing of it was pushed (see Compute).
            _coordinator.Tell(new Diverged(_generation, _id, step + 1, _model.DescribeFirstNonFinite(_stream, lastRows)));
            return;
        }
        Push(0, normSquared);
        _nextStep++;
        _coordinator.Tell(new StepDone(_generation, _id, step, lossSum, rows, _minDone) { MayWait = Sync && (step + 1) % StepsPerWakeup != 0 });
        // Every step (a few values per batch-norm layer): a rewind or restart resumes from the statistics of its step.
        if (_position == 0 && _model.State.Length > 0)
            _coordinator.Tell(new ReplicaState(_generation, step + 1, _id, Sequential.Download(_stream, _model.State.All)));
        _counters?.Worker(_id, System.Diagnostics.Stopwatch.GetTimestamp() - started, waited - held, held);
        if (_awaitingParameters) _waitingSince = System.Diagnostics.Stopwatch.GetTimestamp();
        else Self.Tell(new Continue(_generation));
    }

    /// <summary>
    /// The gradient of the worker's rows of a step, their loss sum and count, the rows of its last batch (whose
    /// activations the model still holds), and (async modes clipping by norm) its Σg², else 0. A non-finite loss ends
    /// the step before its backward pass.
    /// </summary>
    private (double LossSum, int Rows, int LastRows, double NormSquared) Compute(long step)
    {
        if (CrashesAt(step) && _setup.Faults.WorkerCrashAfterChunks < 0) throw Crash(step);
        if (_setup.Faults.Worker == _id && _setup.Faults.WorkerHangAtStep == step && _incarnation == 0)
            Thread.Sleep(2 * _setup.StepTimeout); // meanwhile the coordinator's step-timeout plans this worker out
        if (_setup.Faults.Worker == _id && _setup.Faults.WorkerStepDelay > TimeSpan.Zero) Thread.Sleep(_setup.Faults.WorkerStepDelay);

        var (epoch, first, batches) = _setup.Batches(step);
        // The gradient lent for the step before (sync) is taken back here: a shard still reading it would read NaN.
        if (ChunkPool.PoisonReleased && Sync && _model.Gradients.All.TryGetHostMemory(out var lent)) ChunkPool.Poison(lent.Span);
        _model.ZeroGradients(_stream);
        double lossSum = 0;
        int rows = 0, lastRows = 0, width = _setup.Training.Width, targetWidth = _setup.Training.TargetWidth;
        for (int b = first; b < first + batches; b++)
        {
            int global = _batches.Fill(epoch, b, out var features, out var targets);
            var (start, end) = DataParallelSetup.Partition(global, _position, _live.Length);
            int mine = end - start;
            if (mine == 0) continue;
            _model.LoadInput(_stream, features.Slice(start * width, mine * width), mine);
            _stream.Upload(targets.Slice(start * targetWidth, mine * targetWidth), _targets.All);
            var context = new LayerContext(_stream, Training: true, Step: step, Seed: _setup.Seed,
                RowOffset: (b - first) * _setup.GlobalBatch + start, GlobalRows: global, Reducer: _reducer);
            var output = _model.Forward(context, mine);
            _loss.Forward(_stream, output, _targets.All, mine, _model.OutputWidth, _losses.All);
            // The loss is read before the backward pass, which pushes the gradient's tail as it goes: a step that
            // diverged pushes nothing, so no shard applies or checkpoints it.
            _stream.Sum(_losses.Slice(0, mine), _scalar.All);
            _stream.Download(_scalar.All, _readback).Wait();
            lossSum += _readback[0];
            rows += mine;
            lastRows = mine;
            if (!double.IsFinite(lossSum)) return (lossSum, rows, lastRows, 0);
            // Each replica's share of the mean over the global batch: in sync the shards' sum is the whole batch's gradient;
            // in the async modes R pushes add up to one such update, so the step size does not grow with the replica count
            // (a push scaled as a whole-batch mean makes Downpour with momentum diverge as R grows).
            _loss.Backward(_stream, output, _targets.All, mine, _model.OutputWidth, 1f / global, _model.OutputGradient(mine));
            // The last batch's backward pushes the tail of the gradient as its layers finish, unless each chunk must carry
            // the norm of the whole (async clipping): the shards update it while the earlier layers still compute.
            // Pushing within layers computes a dense layer's weight gradient in blocks: every micro-batch does, pushing or
            // not, so the arithmetic (the last bits) depends on the dispatcher alone, not on the mode or the clipping.
            bool last = b == first + batches - 1;
            _model.Backward(context, mine, gradientsFinalFrom: last && !_pushWholeSteps && (Sync || _setup.Optimizer.MaxGradientNorm <= 0f) ? _pushTail : _pushWithinLayers ? NoPush : null,
                withinLayers: _pushWithinLayers);
        }
        double normSquared = 0;
        if (!Sync && _setup.Optimizer.MaxGradientNorm > 0f)
        {
            _stream.SumOfSquares(_model.Gradients.All, 0f, _scalar.All);
            _stream.Download(_scalar.All, _readback).Wait();
            normSquared = _readback[0];
        }
        return (lossSum, rows, lastRows, normSquared);
    }

    private bool CrashesAt(long step) =>
        _setup.Faults.Worker == _id && _setup.Faults.WorkerCrashAtStep == step && (_incarnation == 0 || _setup.Faults.WorkerCrashAlways);

    private InjectedFaultException Crash(long step) => new($"injected crash of worker {_id} (incarnation {_incarnation}) at step {step}");

    /// <summary>
    /// Pushes, in <see cref="_pushOrder"/>, the chunks of step <see cref="_pushStep"/> not pushed yet that start at or
    /// after <paramref name="finalFrom"/> (0: all the rest). A shard applies a chunk once every worker's is in.
    /// </summary>
    private void Push(int finalFrom, double normSquared)
    {
        // Sync on a host-memory device: the shards read the gradient where it lies (see GradientChunk.Lent), since this
        // worker leaves it alone until every shard has applied the step and sent the next version.
        Memory<float> gradients = default;
        bool lend = Sync && _model.Gradients.All.TryGetHostMemory(out gradients);
        // Lent or not, the stream must be done with the pushed layers: a shard may write their new parameters into the replica.
        if (lend || _lendsReplica) _stream.Synchronize();
        _watch?.Release(finalFrom);
        if (_pushWholeSteps)
        {
            PushWholeStep(lend, gradients, normSquared);
            return;
        }
        for (; _pushed < _pushOrder.Length && _pushOrder[_pushed].Offset >= finalFrom; _pushed++)
        {
            if (CrashesAt(_pushStep) && _pushed == _setup.Faults.WorkerCrashAfterChunks) throw Crash(_pushStep);
            var (shard, offset, length) = _pushOrder[_pushed];
            _shards[shard].Tell(new GradientChunk(_generation, _pushStep, _id, _incarnation, offset, normSquared, Gradient(lend, gradients, offset, length)) { Lent = lend });
        }
    }

    /// <summary>
    /// The whole step's gradient, one push per shard (see <see cref="ShardDispatcherExtensions.PushesWholeSteps"/>). Every
    /// push is made (downloaded, off host memory) before the first is sent, so nothing of this worker's can fail between
    /// the sends: every shard gets the step or none does, which is what lets the shards keep no version from before.
    /// An injected crash "after N chunks" therefore comes before the first push.
    /// </summary>
    private void PushWholeStep(bool lend, Memory<float> gradients, double normSquared)
    {
        if (CrashesAt(_pushStep) && _setup.Faults.WorkerCrashAfterChunks >= 0) throw Crash(_pushStep);
        var pushes = _setup.Shards.Select(r => (r.Shard, Push: new GradientChunk(_generation, _pushStep, _id, _incarnation, r.Offset, normSquared,
            Gradient(lend, gradients, r.Offset, r.Length)) { Lent = lend })).ToArray();
        foreach (var (shard, push) in pushes) _shards[shard].Tell(push);
    }

    /// <summary>Keys [<paramref name="offset"/>, + <paramref name="length"/>) of the gradient, lent or as an array of the message's own.</summary>
    private ReadOnlyMemory<float> Gradient(bool lend, Memory<float> gradients, int offset, int length)
    {
        if (lend) return gradients.Slice(offset, length);
        // The message owns its array, which the shard returns to the pool once applied; every element is overwritten.
        var copy = ChunkPool.Shared.Rent(length);
        _stream.Download(_model.Gradients.Slice(offset, length), copy).Wait();
        return copy;
    }

    protected override void PostStop()
    {
        _watch?.StopComputing(); // this replica is never read again (a restart makes a new one)
        _loss.Dispose();
        _model.Dispose();
        _targets.Dispose();
        _losses.Dispose();
        _scalar.Dispose();
        _stream.Dispose();
        _device.Dispose();
    }

    /// <summary>
    /// SyncBatchNorm's all-reduce, called from inside a layer on this worker's (pinned) thread: it blocks on an ask to
    /// the reducer actor, which answers once every live replica has contributed the same call.
    /// </summary>
    private sealed class ActorReducer(DeviceWorker worker, IActorRef reducer) : ICrossReplicaReducer
    {
        private long _step = -1;
        private int _generation = -1, _call;

        public void AllReduce(IDeviceStream stream, DeviceSpan values)
        {
            if (_step != worker._nextStep || _generation != worker._generation)
            {
                (_step, _generation) = (worker._nextStep, worker._generation);
                _call = 0;
            }
            var local = Sequential.Download(stream, values);
            var request = new ReduceRequest(worker._generation, _step, _call++, worker._id, worker._live, local);
            // Well past the coordinator's step-timeout (which may start after this wait did, when an evaluation or a
            // shard reported last): if a replica hangs, the coordinator plans it out, which abandons this reduction,
            // before the healthy replicas give up and restart.
            var reply = reducer.Ask<ReduceReply>(request, 3 * worker._setup.StepTimeout).GetAwaiter().GetResult();
            stream.Upload(reply.Values, values).Wait();
        }
    }
}

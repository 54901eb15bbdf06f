using System.Diagnostics;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Drives one data-parallel run: creates the server shards, the evaluator, the SyncBatchNorm reducer and the node's
/// device guardian (which creates the workers); watches every worker; hands out plans and incarnations; collects
/// losses, epoch-end snapshots and evaluations; and turns failures into new plans — a worker gone for good is planned
/// out (its rows go to the others), a restarted shard rewinds every shard and worker to its checkpoint.
/// <para>A sync step's routine reports (each shard's ShardApplied, and each worker's StepDone but every
/// <see cref="DeviceWorker.StepsPerWakeup"/>th, which keeps the progress display moving) do not wake it
/// (<see cref="Props.LazyWakeupMailboxId"/>): they are booked, in order, before the next message that does (a worker
/// restarting, an epoch's end, an evaluation, the timer's tick), which is all that reads them. Two or three wakeups
/// per step cost a lone worker ~100 µs of its ~3 ms step here. (A faster tick instead cost more: with a 250 ms
/// period the thread pool's timer threads spun, and context switches went up threefold.)</para>
/// </summary>
public sealed partial class Coordinator : ReceiveActor
{
    private sealed record Tick : INoSerializationVerificationNeeded;

    private readonly DataParallelSetup _setup;
    private readonly float[] _initialState;
    private readonly TaskCompletionSource<DataParallelResult> _done;
    private readonly DataParallelObserver _observer;
    private readonly RunCounters _counters;
    private readonly SharedParameters? _sharedParameters;
    private readonly int _firstEpoch;
    private readonly IActorRef[] _shards;
    private readonly IActorRef _evaluator;
    private readonly IActorRef? _reducer;
    private readonly Dictionary<IActorRef, int> _workerIds = [];
    private readonly int[] _incarnations;
    private readonly long[] _workerDone;
    private readonly long[] _workerRows;
    private readonly long[] _shardVersion;
    private readonly StepLosses _stepLosses = new();
    private readonly EpochSnapshots _snapshots;
    private readonly Dictionary<long, float[]> _replicaStates = [];        // epoch ends awaiting evaluation, by version
    private readonly ReplicaStateLog _stateLog;                            // recent and checkpoint-step states, for rewinds and restarts
    private readonly Dictionary<(int, long), (int Count, double Sum)> _norms = [];
    private readonly List<EpochMetrics> _epochs = [];
    private readonly List<int> _lost = [];
    private readonly List<(int Worker, IActorRef Asker)> _deferredAssignments = [];
    private long[]? _acks; // a sync re-plan in progress: each shard's version as it acknowledged the new generation, −1 until then
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private TimeSpan? _reductionQueriedAt; // stalled with SyncBatchNorm: when the reducer was asked who it waits for
    private ICancelable? _ticks;
    private int _generation, _restarts, _rewinds, _nextEpochToSnapshot;
    private int[] _live;
    private readonly long _resumeStep;
    private long _maxSpread;
    private TimeSpan _epochStarted;
    private float[]? _finalParameters, _finalState;

    public Coordinator(DataParallelSetup setup, float[] initialParameters, float[] initialState,
        TaskCompletionSource<DataParallelResult> done, DataParallelObserver observer, long resumeStep = 0)
    {
        _counters = new RunCounters(setup.Devices.Count, setup.Shards.Length);
        _setup = setup;
        _initialState = initialState;
        _done = done;
        _observer = observer;
        int workers = setup.Devices.Count;
        _incarnations = Enumerable.Repeat(-1, workers).ToArray();
        _workerDone = Enumerable.Repeat(resumeStep, workers).ToArray();
        _stateLog = new ReplicaStateLog(setup, resumeStep, initialState);
        _snapshots = new EpochSnapshots(setup.Shards, setup.ParameterCount);
        _workerRows = new long[workers];
        _shardVersion = Enumerable.Repeat(resumeStep, setup.Shards.Length).ToArray();
        _firstEpoch = _nextEpochToSnapshot = (int)(resumeStep / setup.StepsPerEpoch);
        _resumeStep = resumeStep;
        _live = Enumerable.Range(0, workers).ToArray();

        // Sync: one parameter vector for every shard of this process, which they update in place and the workers here compute on.
        _sharedParameters = setup.Consistency == Consistency.Sync ? new SharedParameters(0, setup.ParameterCount) : null;
        _shards = setup.Shards.Select(r => Context.ActorOf(
            Props.Create(() => new ParameterServerShard(setup, r.Shard, initialParameters.AsSpan(r.Offset, r.Length).ToArray(), _counters, _sharedParameters)).WithDispatcher(setup.ShardDispatcher.DispatcherId(setup.Consistency, setup.Devices.Count)),
            $"shard-{r.Shard}")).ToArray();
        foreach (var shard in _shards) Context.Watch(shard);
        _evaluator = Context.ActorOf(Props.Create(() => new Evaluator(setup)).WithDispatcher(Props.PinnedDispatcherId), "evaluator");
        _reducer = setup.SyncBatchNorm ? Context.ActorOf(Props.Create(() => new BatchNormReducer()), "batch-norm-reducer") : null;

        Receive<DeviceGuardian.WorkersCreated>(created =>
        {
            for (int i = 0; i < created.Workers.Length; i++)
            {
                _workerIds[created.Workers[i]] = i;
                Context.Watch(created.Workers[i]);
            }
        });
        Receive<WorkerReady>(OnWorkerReady);
        Receive<StepDone>(OnStepDone);
        Receive<ShardApplied>(OnShardApplied);
        Receive<ReplicaState>(r =>
        {
            if (Sync && r.Generation != _generation) return; // from a step that a re-plan or rewind has the workers redo
            if (_live.Length == 0 || r.Worker != _live[0]) return; // from a worker planned out (a hung one wakes up)
            _stateLog.Add(r.Step, r.State);
            if (!setup.IsEpochEnd(r.Step)) return;
            _replicaStates[r.Step] = r.State;
            TryEvaluate(r.Step);
        });
        Receive<NormPartial>(OnNormPartial);
        Receive<ShardSnapshot>(OnShardSnapshot);
        Receive<Evaluated>(OnEvaluated);
        Receive<ShardRestored>(OnShardRestored);
        Receive<Terminated>(OnTerminated);
        Receive<Tick>(_ => CheckProgress());
        Receive<ReductionStatus>(OnReductionStatus);
        Receive<Diverged>(d =>
        {
            // From a shard, always: it applies nothing more. From a worker, any generation: a divergence reported while a
            // re-plan went out is still one (the redo would diverge again). But not from a worker planned out, nor (sync)
            // from a step of an earlier generation: a hung worker wakes up computing on parameters the others have moved
            // on, a rewind reloads them under a step in progress (sync: in place, see SharedParameters), and such a step
            // counts for nothing; a real divergence comes back from the live workers' redo.
            bool fromWorker = Array.IndexOf(_shards, Sender) < 0;
            if (fromWorker && (Array.IndexOf(_live, d.Worker) < 0 || (Sync && d.Generation != _generation))) return;
            _done.TrySetException(new Kernels.Training.TrainingDivergedException(d.Step, d.Worker >= 0 ? $"worker {d.Worker}: {d.Detail}" : d.Detail));
            Context.Stop(Self);
        });
    }

    protected override void PreStart()
    {
        foreach (var shard in _shards) shard.Tell(new Plan(_generation, _live, _resumeStep, Restore: _resumeStep > 0, []));
        var guardian = Context.ActorOf(Props.Create(() => new DeviceGuardian(_setup)), "devices");
        guardian.Tell(new DeviceGuardian.CreateWorkers(Self, _shards, _reducer, _counters, _initialState, _sharedParameters));
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _setup.StepTimeout.Ticks / 4));
        _ticks = Context.System.Scheduler.ScheduleTellRepeatedly(period, period, Self, new Tick(), Self);
    }

    protected override void PostStop() => _ticks?.Cancel();

    /// <summary>The coordinator holds the run's bookkeeping: if it fails, the run fails (a restart would silently start over).</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        _done.TrySetException(new TrainingFailedException($"the coordinator failed: {reason.Message}"));
        base.PreRestart(reason, message);
    }

    /// <summary>Shards restart from their checkpoints; anything else that fails restarts too (the evaluator, the reducer).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(3, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    private bool Sync => _setup.Consistency == Consistency.Sync;

    /// <summary>Steps every shard has applied (sync): the step in progress.</summary>
    private long Committed => _shardVersion.Min();

    private void OnWorkerReady(WorkerReady ready)
    {
        int w = ready.Worker;
        if (++_incarnations[w] > 0) _restarts++;
        if (_incarnations[w] > 0) Context.System.Log.Warning($"worker {w} restarted (incarnation {_incarnations[w]}); it rejoins at step {(Sync ? Committed : _workerDone[w])}");
        if (_acks is not null) _deferredAssignments.Add((w, Sender)); // the step to redo is not known yet
        else if (Sync && _setup.SyncBatchNorm && _incarnations[w] > 0)
        {
            // The others may be waiting in a SyncBatchNorm reduction of the step it redoes, for a contribution of the
            // old incarnation (or past it): everyone redoes the step in a new generation, as after a lost worker.
            _deferredAssignments.Add((w, Sender));
            BeginSyncReplan();
        }
        else Assign(w, Sender);
    }

    private void Assign(int w, IActorRef worker)
    {
        long step = Sync ? Committed : _workerDone[w];
        worker.Tell(new Assignment(w, _incarnations[w], _generation, _live, step, _stateLog.At(step)));
        if (_setup.Consistency == Consistency.Bounded) worker.Tell(new Clock(_live.Min(x => _workerDone[x])));
    }

    private void OnStepDone(StepDone done)
    {
        if (done.Generation != _generation && Sync) return; // a step that a re-plan has the workers redo
        _sinceProgress.Restart();
        _stepLosses.Record(done);
        _workerDone[done.Worker] = Math.Max(_workerDone[done.Worker], done.Step + 1);
        long min = _live.Min(w => _workerDone[w]), max = _live.Max(w => _workerDone[w]);
        // The slowest may have pushed, and been counted by the shards, before its StepDone got here; the worker knew.
        _maxSpread = Math.Max(_maxSpread, max - Math.Max(min, done.MinStepsDone));
        SendClock();
        if (!Sync) RequestAsyncSnapshots(min);
        _workerRows[done.Worker] += done.Rows;
        if (done.Worker == _live[0])
        {
            double seconds = Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            _observer.Progress?.Invoke(new WorkerProgress(_workerDone.Select((d, i) => _live.Contains(i) ? d : -1).ToArray(), _setup.TotalSteps, max - min,
                _workerRows.Sum() / seconds, _workerRows.Select(r => r / seconds).ToArray()));
        }
    }

    private void OnShardApplied(ShardApplied applied)
    {
        if (applied.Generation != _generation) return; // from before a rewind or re-plan
        _sinceProgress.Restart();
        if (_acks is not null && applied.Snapshot.Length == 0)
        {
            _acks[applied.Shard] = applied.Version;
            if (_acks.All(v => v >= 0))
            {
                var versions = _acks;
                _acks = null;
                FinishSyncReplan(versions);
            }
            return;
        }
        _shardVersion[applied.Shard] = Math.Max(_shardVersion[applied.Shard], applied.Version);
        if (applied.Snapshot.Length == 0) return;
        _snapshots.Add(applied.Version, applied.Shard, applied.Snapshot);
        TryEvaluate(applied.Version);
    }

    /// <summary>
    /// Evaluates an epoch end once every shard's slice and (with layer state) the first replica's state for that version
    /// are in. Snapshots are keyed by version in every mode: sync shards send them as they apply the epoch's last step,
    /// async ones when asked.
    /// </summary>
    private void TryEvaluate(long version)
    {
        if (!_snapshots.IsComplete(version)) return;
        float[] state = _initialState;
        if (_initialState.Length > 0 && !_replicaStates.TryGetValue(version, out state!)) return;
        _replicaStates.Remove(version);
        int epoch = (int)(version / _setup.StepsPerEpoch) - 1;
        StartEvaluation(epoch, _snapshots.Take(version), state);
    }

    private void RequestAsyncSnapshots(long minDone)
    {
        while (_nextEpochToSnapshot < _setup.Epochs && minDone >= (long)(_nextEpochToSnapshot + 1) * _setup.StepsPerEpoch)
        {
            foreach (var shard in _shards) shard.Tell(new SnapshotRequest((long)(_nextEpochToSnapshot + 1) * _setup.StepsPerEpoch));
            _nextEpochToSnapshot++;
        }
    }

    private void OnShardSnapshot(ShardSnapshot s)
    {
        _snapshots.Add(s.Tag, s.Shard, s.Values);
        TryEvaluate(s.Tag);
    }

    private void StartEvaluation(int epoch, float[] parameters, float[] state)
    {
        if (epoch < _firstEpoch + _epochs.Count) return; // already reported (a rewind replays epochs identically)
        if (epoch == _setup.Epochs - 1)
        {
            _finalParameters = parameters;
            _finalState = state;
        }
        _evaluator.Tell(new Evaluate(epoch, parameters, state));
    }

    private void OnEvaluated(Evaluated e)
    {
        _sinceProgress.Restart();
        if (e.Epoch != _firstEpoch + _epochs.Count) return;
        long first = (long)e.Epoch * _setup.StepsPerEpoch, end = first + _setup.StepsPerEpoch;
        var (loss, rows) = _stepLosses.Take(first, end);
        var now = _clock.Elapsed;
        double seconds = (now - _epochStarted).TotalSeconds;
        _epochStarted = now;
        long step = (long)(e.Epoch + 1) * _setup.StepsPerEpoch;
        var metrics = new EpochMetrics(e.Epoch, step, rows > 0 ? loss / rows : double.NaN, e.Loss, e.Accuracy,
            _setup.Schedule.At(step - 1), rows / Math.Max(1e-9, seconds), seconds, new Dictionary<string, double>());
        _epochs.Add(metrics);
        _observer.Epoch?.Invoke(metrics);
        if (_firstEpoch + _epochs.Count < _setup.Epochs) return;
        long samples = (long)_setup.Training.Count * _epochs.Count;
        _done.TrySetResult(new DataParallelResult(_finalParameters!, _finalState!, _epochs, _setup.TotalSteps, _restarts, _lost, _rewinds, _maxSpread, _clock.Elapsed)
        {
            SamplesPerSecond = samples / Math.Max(1e-9, _clock.Elapsed.TotalSeconds),
            Statistics = _counters.Snapshot(),
        });
        Context.Stop(Self);
    }

    private void OnNormPartial(NormPartial n)
    {
        if (n.Generation != _generation) return;
        var key = (n.Generation, n.Step);
        var (count, sum) = _norms.GetValueOrDefault(key);
        (count, sum) = (count + 1, sum + n.SumOfSquares);
        if (count < _shards.Length)
        {
            _norms[key] = (count, sum);
            return;
        }
        _norms.Remove(key);
        foreach (var shard in _shards) shard.Tell(new GlobalNorm(n.Generation, n.Step, sum));
    }

    private void SendClock()
    {
        if (_setup.Consistency != Consistency.Bounded) return;
        var clock = new Clock(_live.Min(w => _workerDone[w]));
        foreach (var worker in _workerIds.Where(p => _live.Contains(p.Value))) worker.Key.Tell(clock);
    }
}

/// <summary>A data-parallel run could not go on; the message says why.</summary>
public sealed class TrainingFailedException(string message) : Exception(message);

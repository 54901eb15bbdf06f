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
/// <item>Sync: once every live worker's slice for the current version is complete, they are summed in worker-id order
/// (bitwise reproducible) and applied as one update. Async/bounded: each complete push is applied on arrival.</item>
/// <item>Pull: <see cref="PullParameters"/> is answered as soon as the shard has applied MinVersion updates.</item>
/// <item>Checkpoints of the slice and its optimizer state at epoch ends and every N updates; a restarted shard reports its
/// newest, and the coordinator rewinds every shard and worker to it (sync) or has this shard go on from it (async).</item>
/// </list>
/// </summary>
public sealed class ParameterServerShard : ReceiveActor
{
    private readonly DataParallelSetup _setup;
    private readonly ShardRange _range;
    private readonly float[] _parameters;            // at _version; updated in place by the optimizer
    private readonly float[] _state1, _state2;       // optimizer state (empty when the optimizer keeps fewer vectors)
    private readonly float[] _sum;                   // an update's gradient summed over workers, in worker order
    private readonly Dictionary<int, PendingPush> _pending = [];
    private readonly List<(IActorRef Worker, PullParameters Pull)> _pulls = [];
    private readonly CheckpointStore? _checkpoints;
    private List<(int Offset, float[] Values)>? _published;   // immutable copies of _parameters at _version, shared by every reply
    private float[]? _publishedWhole;
    private float[]? _awaitingNorm;                          // the summed gradient while the global norm is computed
    private int _generation = -1;
    private int[] _live = [];
    private long _version;
    private bool _restarted;

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
        if (setup.CheckpointDirectory is not null) _checkpoints = new CheckpointStore(Path.Combine(setup.CheckpointDirectory, $"shard-{shard}"));

        Receive<Plan>(OnPlan);
        Receive<GradientChunk>(chunk =>
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            int backlog = OnChunk(chunk);
            _counters?.Shard(_range.Shard, System.Diagnostics.Stopwatch.GetTimestamp() - started, 4L * chunk.Values.Length, backlog);
        });
        Receive<PullParameters>(OnPull);
        Receive<GlobalNorm>(g =>
        {
            if (g.Generation == _generation && g.Step == _version && _awaitingNorm is { } gradient) Apply(gradient, g.SumOfSquares, _version);
        });
        Receive<SnapshotRequest>(r => Sender.Tell(new ShardSnapshot(r.Tag, _range.Shard, _version, Published())));
    }

    /// <summary>One worker's push for one step: its chunks, kept as they arrived (messages are immutable, so no copy).</summary>
    private sealed class PendingPush(int incarnation, long step)
    {
        public int Incarnation { get; } = incarnation;
        public long Step { get; } = step;
        public List<GradientChunk> Chunks { get; } = [];
        public int Received { get; set; }
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
        _live = plan.LiveWorkers;
        _pending.Clear();
        _awaitingNorm = null;
        _pulls.RemoveAll(p => p.Pull.Generation < plan.Generation);
        if (plan.Restore) Restore(plan.Step);
        // Acknowledge with the version this shard stands at: a sync re-plan tells the workers which step to redo only
        // once every shard has, since pushes in flight may have completed a step on some shards and not on others.
        Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version, []));
        AnswerPulls();
    }

    /// <summary>Takes one chunk; returns how many complete pushes were waiting to be applied (the backlog).</summary>
    private int OnChunk(GradientChunk chunk)
    {
        if (chunk.Generation != _generation || Array.IndexOf(_live, chunk.Worker) < 0) return 0;
        if (Sync && (chunk.Step != _version || _awaitingNorm is not null)) return 0; // a step already applied, or a re-planned one
        if (chunk.Offset < _range.Offset || chunk.Offset + chunk.Values.Length > _range.End)
            throw new InvalidOperationException($"shard {_range.Shard} [{_range.Offset}, {_range.End}) got a chunk at [{chunk.Offset}, {chunk.Offset + chunk.Values.Length})");
        if (_pending.TryGetValue(chunk.Worker, out var push) && (chunk.Incarnation < push.Incarnation || (!Sync && chunk.Step < push.Step))) return 0;
        if (push is null || chunk.Incarnation > push.Incarnation || chunk.Step != push.Step)
            _pending[chunk.Worker] = push = new PendingPush(chunk.Incarnation, chunk.Step);
        push.Chunks.Add(chunk);
        push.Received += chunk.Values.Length;
        if (push.Received < _range.Length) return 0;

        if (!Sync)
        {
            _pending.Remove(chunk.Worker);
            Apply(Sum([push]), chunk.NormSquared, push.Step);
            return 1;
        }
        int complete = _pending.Values.Count(p => p.Received == _range.Length);
        if (complete < _live.Length) return complete;
        // Sum in worker-id order: the same configuration gives bitwise the same update, whatever the arrival order.
        var gradient = Sum(_live.Order().Select(w => _pending[w]).ToList());
        _pending.Clear();
        if (_setup.Optimizer.MaxGradientNorm > 0f)
        {
            _awaitingNorm = gradient;
            Context.Parent.Tell(new NormPartial(_generation, _version, _range.Shard, TensorPrimitives.SumOfSquares<float>(gradient)));
            return complete;
        }
        Apply(gradient, 0, _version);
        return complete;
    }

    /// <summary>The pushes added in the given order; a single push of one chunk is used as it is.</summary>
    private float[] Sum(List<PendingPush> pushes)
    {
        if (pushes is [{ Chunks: [var only] }] && only.Values.Length == _range.Length) return only.Values;
        Array.Clear(_sum);
        foreach (var push in pushes)
        foreach (var chunk in push.Chunks)
        {
            var target = _sum.AsSpan(chunk.Offset - _range.Offset, chunk.Values.Length);
            TensorPrimitives.Add(target, chunk.Values, target);
        }
        return _sum;
    }

    /// <summary>
    /// One optimizer update with the gradient of global step <paramref name="step"/>: the schedule and the accumulation
    /// scale follow that step (in the async modes several pushes share it), Adam's bias correction the shard's version.
    /// </summary>
    private void Apply(float[] gradient, double gradientNormSquared, long step)
    {
        var faults = _setup.Faults;
        if (!_restarted && faults.Shard == _range.Shard && faults.ShardCrashAtStep == _version)
            throw new InjectedFaultException($"injected crash of server shard {_range.Shard} at step {_version}");
        _awaitingNorm = null;
        var update = _setup.Optimizer with
        {
            LearningRate = (float)_setup.Schedule.At(step),
            Step = _version + 1,
            GradientScale = _setup.Optimizer.GradientScale / _setup.Batches(step).Batches,
        };
        HostOptimizer.Step(update, _parameters, gradient, _state1, _state2, (float)gradientNormSquared);
        _version++;
        (_published, _publishedWhole) = (null, null);
        if (_setup.IsCheckpointStep(_version)) SaveCheckpoint();
        if (Sync) Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version, _setup.IsEpochEnd(_version) ? Published() : []));
        AnswerPulls();
    }

    /// <summary>The parameters at this version as one immutable array (made once per version, shared by every reader).</summary>
    private float[] Published()
    {
        if (_publishedWhole is not null) return _publishedWhole;
        var chunks = Chunks();
        return _publishedWhole = chunks.Count == 1 ? chunks[0].Values : (float[])_parameters.Clone();
    }

    private List<(int Offset, float[] Values)> Chunks()
    {
        if (_published is not null) return _published;
        _published = [];
        for (int start = 0; start < _range.Length; start += _setup.ChunkFloats)
        {
            int length = Math.Min(_setup.ChunkFloats, _range.Length - start);
            _published.Add((_range.Offset + start, _parameters.AsSpan(start, length).ToArray()));
        }
        return _published;
    }

    private void OnPull(PullParameters pull)
    {
        if (pull.Generation < _generation) return;
        _pulls.Add((Sender, pull));
        AnswerPulls();
    }

    private void AnswerPulls()
    {
        for (int i = _pulls.Count - 1; i >= 0; i--)
        {
            var (worker, pull) = _pulls[i];
            if (pull.Generation != _generation || pull.MinVersion > _version) continue;
            _pulls.RemoveAt(i);
            foreach (var (offset, values) in Chunks()) worker.Tell(new ParameterChunk(_generation, _range.Shard, _version, offset, values));
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
        Parameters = _parameters, // written before this handler returns, so no copy is needed
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
        (_published, _publishedWhole) = (null, null);
    }
}

/// <summary>A failure a run injected into itself (fault-injection config), to exercise supervision.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

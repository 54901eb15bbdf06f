using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
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
/// <item>Checkpoints of the slice and its optimizer state at epoch ends and every N updates; a restarted shard reloads the
/// newest and tells the coordinator, which rewinds the whole job to it.</item>
/// </list>
/// </summary>
public sealed class ParameterServerShard : ReceiveActor
{
    private readonly DataParallelSetup _setup;
    private readonly ShardRange _range;
    private readonly CpuDevice _device;
    private readonly IDeviceStream _stream;
    private readonly DeviceBuffer _parameters, _gradient, _norm;
    private readonly Optimizer _optimizer;
    private readonly float[] _host;                  // parameters at _version, for replies
    private readonly float[] _sum;                   // the update's gradient, summed in worker order
    private readonly float[] _normScalar = new float[1];
    private readonly Dictionary<int, PendingPush> _pending = [];
    private readonly List<(IActorRef Worker, PullParameters Pull)> _pulls = [];
    private readonly CheckpointStore? _checkpoints;
    private int _generation = -1;
    private int[] _live = [];
    private long _version;
    private long _awaitingNormFor = -1;
    private bool _restarted;

    public ParameterServerShard(DataParallelSetup setup, int shard, float[] initial)
    {
        _setup = setup;
        _range = setup.Shards[shard];
        if (initial.Length != _range.Length) throw new ArgumentException($"shard {shard} owns {_range.Length} values, got {initial.Length}");
        _device = new CpuDevice($"ps:{shard}");
        _stream = _device.CreateStream();
        _parameters = _device.Allocate(_range.Length);
        _gradient = _device.Allocate(_range.Length);
        _norm = _device.Allocate(1);
        _optimizer = new Optimizer(_device, _range.Length, setup.Optimizer);
        _host = (float[])initial.Clone();
        _sum = new float[_range.Length];
        _stream.Upload(_host, _parameters.All).Wait();
        if (setup.CheckpointDirectory is not null) _checkpoints = new CheckpointStore(Path.Combine(setup.CheckpointDirectory, $"shard-{shard}"));

        Receive<Plan>(OnPlan);
        Receive<GradientChunk>(OnChunk);
        Receive<PullParameters>(OnPull);
        Receive<GlobalNorm>(g =>
        {
            if (g.Generation == _generation && g.Step == _awaitingNormFor) Apply(g.SumOfSquares, _setup.Batches(_version).Batches);
        });
        Receive<SnapshotRequest>(r => Sender.Tell(new ShardSnapshot(r.Tag, _range.Shard, _version, (float[])_host.Clone(),
            Download(_optimizer.State1), Download(_optimizer.State2))));
    }

    private sealed class PendingPush(int incarnation, long step, int length)
    {
        public int Incarnation { get; } = incarnation;
        public long Step { get; } = step;
        public float[] Values { get; } = new float[length];
        public int Received { get; set; }
        public double NormSquared { get; set; }
    }

    protected override void PostRestart(Exception reason)
    {
        _restarted = true;
        var latest = _checkpoints?.Latest();
        long step = latest?.Header.Step ?? 0;
        Context.Parent.Tell(new ShardRestored(_range.Shard, step));
    }

    private void OnPlan(Plan plan)
    {
        _generation = plan.Generation;
        _live = plan.LiveWorkers;
        _pending.Clear();
        _awaitingNormFor = -1;
        _pulls.RemoveAll(p => p.Pull.Generation < plan.Generation);
        if (plan.Restore) Restore(plan.Step);
        AnswerPulls();
    }

    private void OnChunk(GradientChunk chunk)
    {
        if (chunk.Generation != _generation || Array.IndexOf(_live, chunk.Worker) < 0) return;
        bool sync = _setup.Consistency == Consistency.Sync;
        if (sync && (chunk.Step != _version || _awaitingNormFor >= 0)) return; // a step already applied, or a re-planned one
        if (chunk.Offset < _range.Offset || chunk.Offset + chunk.Values.Length > _range.End)
            throw new InvalidOperationException($"shard {_range.Shard} [{_range.Offset}, {_range.End}) got a chunk at [{chunk.Offset}, {chunk.Offset + chunk.Values.Length})");
        if (_pending.TryGetValue(chunk.Worker, out var push) && (chunk.Incarnation < push.Incarnation || (!sync && chunk.Step < push.Step))) return;
        if (push is null || chunk.Incarnation > push.Incarnation || chunk.Step != push.Step)
            _pending[chunk.Worker] = push = new PendingPush(chunk.Incarnation, chunk.Step, _range.Length);
        chunk.Values.CopyTo(push.Values, chunk.Offset - _range.Offset);
        push.Received += chunk.Values.Length;
        push.NormSquared = chunk.NormSquared;
        if (push.Received < _range.Length) return;

        if (!sync)
        {
            _pending.Remove(chunk.Worker);
            push.Values.CopyTo(_sum, 0);
            Apply(push.NormSquared, _setup.Batches(push.Step).Batches);
            return;
        }
        if (_live.Any(w => !_pending.TryGetValue(w, out var p) || p.Received < _range.Length)) return;
        // Sum in worker-id order: the same configuration gives bitwise the same update, whatever the arrival order.
        Array.Clear(_sum);
        foreach (int w in _live.Order())
        {
            var values = _pending[w].Values;
            for (int i = 0; i < _sum.Length; i++) _sum[i] += values[i];
        }
        _pending.Clear();
        if (_setup.Optimizer.MaxGradientNorm > 0f)
        {
            _awaitingNormFor = _version;
            double local = 0;
            foreach (float g in _sum) local += (double)g * g;
            Context.Parent.Tell(new NormPartial(_generation, _version, _range.Shard, local));
            return;
        }
        Apply(0, _setup.Batches(_version).Batches);
    }

    /// <summary>One optimizer update with <see cref="_sum"/>; <paramref name="microBatches"/> were accumulated into it.</summary>
    private void Apply(double gradientNormSquared, int microBatches)
    {
        var faults = _setup.Faults;
        if (!_restarted && faults.Shard == _range.Shard && faults.ShardCrashAtStep == _version)
            throw new InjectedFaultException($"injected crash of server shard {_range.Shard} at step {_version}");
        _awaitingNormFor = -1;
        _stream.Upload(_sum, _gradient.All);
        _normScalar[0] = (float)gradientNormSquared;
        _stream.Upload(_normScalar, _norm.All);
        _optimizer.Apply(_stream, _parameters.All, _gradient.All, (float)_setup.Schedule.At(_version), 1f / microBatches, _norm.All);
        _version++;
        _stream.Download(_parameters.All, _host).Wait();
        if (_setup.IsCheckpointStep(_version)) SaveCheckpoint();
        if (_setup.Consistency == Consistency.Sync)
            Context.Parent.Tell(new ShardApplied(_generation, _range.Shard, _version, _setup.IsEpochEnd(_version) ? (float[])_host.Clone() : []));
        AnswerPulls();
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
            for (int start = 0; start < _range.Length; start += _setup.ChunkFloats)
            {
                int length = Math.Min(_setup.ChunkFloats, _range.Length - start);
                worker.Tell(new ParameterChunk(_generation, _range.Shard, _version, _range.Offset + start, _host.AsSpan(start, length).ToArray()));
            }
        }
    }

    private float[] Download(DeviceSpan span) => span.IsEmpty ? [] : Kernels.Models.Sequential.Download(_stream, span);

    private void SaveCheckpoint() => _checkpoints?.Save(new Checkpoint
    {
        Header = new CheckpointHeader
        {
            Step = _version,
            Seed = _setup.Seed,
            Optimizer = _setup.Optimizer.Kind.ToString(),
            ParameterCount = _range.Length,
            OptimizerStateVectors = _optimizer.StateVectors.Count(),
        },
        Parameters = (float[])_host.Clone(),
        State = [],
        OptimizerState = _optimizer.StateVectors.Select(Download).ToArray(),
    });

    /// <summary>The first incarnation checkpoints its initial slice, so a failure before the first epoch end can rewind to step 0.</summary>
    protected override void PreStart()
    {
        if (_version == 0) SaveCheckpoint();
    }

    private void Restore(long step)
    {
        var checkpoint = (_checkpoints ?? throw new InvalidOperationException($"shard {_range.Shard} cannot rewind: no checkpoint directory")).Read(step);
        if (checkpoint.Parameters.Length != _range.Length) throw new InvalidDataException($"checkpoint of shard {_range.Shard} holds {checkpoint.Parameters.Length} values, the shard owns {_range.Length}");
        checkpoint.Parameters.CopyTo(_host, 0);
        _stream.Upload(_host, _parameters.All).Wait();
        int i = 0;
        foreach (var s in _optimizer.StateVectors) _stream.Upload(checkpoint.OptimizerState[i++], s).Wait();
        _optimizer.Steps = _version = checkpoint.Header.Step;
    }

    protected override void PostStop()
    {
        _optimizer.Dispose();
        _parameters.Dispose();
        _gradient.Dispose();
        _norm.Dispose();
        _stream.Dispose();
        _device.Dispose();
    }
}

/// <summary>A failure a run injected into itself (fault-injection config), to exercise supervision.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

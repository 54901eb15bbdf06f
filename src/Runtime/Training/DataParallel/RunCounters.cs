using System.Diagnostics;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Where a data-parallel run spends its time, counted by the actors of one node with atomic adds (no messages): each
/// worker's time computing, idle (waiting for parameters: the runtime's cost) and held at the staleness bound (bounded
/// mode waiting for a slower worker, as designed), and each shard's busy time, gradient bytes applied and deepest
/// backlog of gradient chunks held for other workers' copies; and how many parameter chunks the shards wrote into the
/// replicas themselves rather than sending them (<see cref="ReplicaTarget"/>).
/// </summary>
public sealed class RunCounters(int workers, int shards)
{
    private readonly long[] _computeTicks = new long[workers], _waitTicks = new long[workers], _heldTicks = new long[workers];
    private readonly long[] _busyTicks = new long[shards], _bytes = new long[shards];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _maxBacklog;
    private long _chunksWritten, _chunksSent;

    public void Worker(int worker, long computeTicks, long waitTicks, long heldTicks = 0)
    {
        Interlocked.Add(ref _computeTicks[worker], computeTicks);
        Interlocked.Add(ref _waitTicks[worker], waitTicks);
        Interlocked.Add(ref _heldTicks[worker], heldTicks);
    }

    public void Shard(int shard, long busyTicks, long gradientBytes, int backlog)
    {
        Interlocked.Add(ref _busyTicks[shard], busyTicks);
        Interlocked.Add(ref _bytes[shard], gradientBytes);
        int seen;
        while (backlog > (seen = Volatile.Read(ref _maxBacklog)) && Interlocked.CompareExchange(ref _maxBacklog, backlog, seen) != seen) { }
    }

    /// <summary>
    /// A worker took a parameter chunk without a copy on its own thread (<paramref name="written"/>: the shard wrote it into
    /// its replica, or it is in the shared parameters the worker computes on), or one it uploaded.
    /// </summary>
    public void ParameterChunk(bool written) => Interlocked.Increment(ref written ? ref _chunksWritten : ref _chunksSent);

    public RunStatistics Snapshot()
    {
        double wall = Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        double Fraction(long part, int worker)
        {
            long total = _computeTicks[worker] + _waitTicks[worker] + _heldTicks[worker];
            return total == 0 ? 0 : (double)part / total;
        }
        return new RunStatistics(
            _waitTicks.Select((w, i) => Fraction(w, i)).ToArray(),
            _heldTicks.Select((h, i) => Fraction(h, i)).ToArray(),
            _busyTicks.Select(b => b / (double)Stopwatch.Frequency / wall).ToArray(),
            _bytes.Sum() / wall,
            _maxBacklog,
            _chunksWritten + _chunksSent == 0 ? 0 : _chunksWritten / (double)(_chunksWritten + _chunksSent));
    }
}

/// <summary>
/// A run's counters: per-worker fractions of time idle (waiting for parameters) and held at the staleness bound,
/// per-shard busy fraction, gradient bytes applied per second, deepest backlog of held chunks, and the share of the
/// parameter chunks workers took that the shards wrote into their replicas (in process, host-memory devices).
/// </summary>
public sealed record RunStatistics(double[] WorkerIdleFraction, double[] WorkerHeldFraction, double[] ShardBusyFraction, double GradientBytesPerSecond, int MaxPushBacklog,
    double ParametersWrittenFraction);

using System.Diagnostics;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Where a data-parallel run spends its time, counted by the actors of one node with atomic adds (no messages): each
/// worker's time computing and waiting (for parameters or for the staleness clock), and each shard's busy time, gradient
/// bytes applied and deepest backlog of gradient chunks held for other workers' copies.
/// </summary>
public sealed class RunCounters(int workers, int shards)
{
    private readonly long[] _computeTicks = new long[workers], _waitTicks = new long[workers];
    private readonly long[] _busyTicks = new long[shards], _bytes = new long[shards];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _maxBacklog;

    public void Worker(int worker, long computeTicks, long waitTicks)
    {
        Interlocked.Add(ref _computeTicks[worker], computeTicks);
        Interlocked.Add(ref _waitTicks[worker], waitTicks);
    }

    public void Shard(int shard, long busyTicks, long gradientBytes, int backlog)
    {
        Interlocked.Add(ref _busyTicks[shard], busyTicks);
        Interlocked.Add(ref _bytes[shard], gradientBytes);
        int seen;
        while (backlog > (seen = Volatile.Read(ref _maxBacklog)) && Interlocked.CompareExchange(ref _maxBacklog, backlog, seen) != seen) { }
    }

    public RunStatistics Snapshot()
    {
        double wall = Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        return new RunStatistics(
            _waitTicks.Select((w, i) => w + _computeTicks[i] == 0 ? 0 : (double)w / (w + _computeTicks[i])).ToArray(),
            _busyTicks.Select(b => b / (double)Stopwatch.Frequency / wall).ToArray(),
            _bytes.Sum() / wall,
            _maxBacklog);
    }
}

/// <summary>A run's counters: per-worker idle fraction, per-shard busy fraction, gradient bytes applied per second, deepest backlog of held chunks.</summary>
public sealed record RunStatistics(double[] WorkerIdleFraction, double[] ShardBusyFraction, double GradientBytesPerSecond, int MaxPushBacklog);

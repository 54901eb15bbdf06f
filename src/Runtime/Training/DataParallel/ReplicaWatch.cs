using System.Collections.Concurrent;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// A test instrument for <see cref="ReplicaTarget"/>'s rule, and for the in-place updates of
/// <see cref="SharedParameters"/>: the worker says when it computes and from which offset its backward pass is done
/// with the parameters (it pushed the gradient from there), and a shard checks each write into the replica, or into the
/// shared parameters, against it, before and after. A write below that offset while the worker computes races with
/// the worker's reads; it is recorded in <see cref="Violations"/>, which tests assert empty. Off (no watch is made)
/// unless <see cref="Enabled"/>, which the runtime's tests set for every run.
/// </summary>
public sealed class ReplicaWatch(int worker)
{
    public static bool Enabled { get; set; }

    public static ConcurrentQueue<string> Violations { get; } = new();

    private volatile bool _computing;
    private volatile int _releasedFrom = int.MaxValue;

    /// <summary>The worker starts a step: nothing of the replica may be written until it pushes.</summary>
    public void StartComputing()
    {
        _releasedFrom = int.MaxValue;
        _computing = true;
        Interlocked.MemoryBarrier();
    }

    /// <summary>The worker's backward pass is done with the parameters at and after <paramref name="from"/>.</summary>
    public void Release(int from)
    {
        if (from < _releasedFrom) _releasedFrom = from;
        Interlocked.MemoryBarrier();
    }

    public void StopComputing() => _computing = false;

    public void Check(int offset, int length, string writer)
    {
        if (_computing && offset < _releasedFrom)
            Violations.Enqueue($"{writer} wrote [{offset}, {offset + length}) into the parameters of worker {worker} while it computed on the values before {_releasedFrom}");
    }
}

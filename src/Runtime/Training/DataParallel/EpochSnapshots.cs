namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Epoch-end parameters assembled from every shard's slice, keyed by version: sync shards send their slice as they
/// apply an epoch's last step, async ones when asked. A snapshot is complete once every shard's slice is in.
/// </summary>
internal sealed class EpochSnapshots(IReadOnlyList<ShardRange> shards, int parameters)
{
    private readonly Dictionary<long, (float[] Parameters, bool[] Arrived)> _snapshots = [];

    public void Add(long version, int shard, float[] values)
    {
        if (!_snapshots.TryGetValue(version, out var snapshot)) _snapshots[version] = snapshot = (new float[parameters], new bool[shards.Count]);
        values.CopyTo(snapshot.Parameters, shards[shard].Offset);
        snapshot.Arrived[shard] = true;
    }

    public bool IsComplete(long version) => _snapshots.TryGetValue(version, out var s) && s.Arrived.All(a => a);

    /// <summary>The complete snapshot of a version, removed from here.</summary>
    public float[] Take(long version)
    {
        if (!IsComplete(version)) throw new InvalidOperationException($"the snapshot of version {version} is not complete");
        _snapshots.Remove(version, out var snapshot);
        return snapshot.Parameters;
    }

    /// <summary>A rewind to <paramref name="step"/>: later snapshots will be made again.</summary>
    public void DropAfter(long step)
    {
        foreach (long later in _snapshots.Keys.Where(k => k > step).ToList()) _snapshots.Remove(later);
    }
}

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>The contiguous key range of the flat parameter vector that one server shard owns.</summary>
public readonly record struct ShardRange(int Shard, int Offset, int Length)
{
    public int End => Offset + Length;

    /// <summary>
    /// Splits <paramref name="parameters"/> values into <paramref name="shards"/> ranges whose sizes differ by at most one
    /// value (so by bytes within far less than 10%). Ranges cut across layers: a shard's slice is only a key range.
    /// </summary>
    public static ShardRange[] Balance(int parameters, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one server shard");
        if (shards > parameters) throw new ArgumentOutOfRangeException(nameof(shards), shards, $"more shards than the {parameters} parameters");
        var ranges = new ShardRange[shards];
        for (int s = 0, offset = 0; s < shards; s++)
        {
            int length = parameters / shards + (s < parameters % shards ? 1 : 0);
            ranges[s] = new ShardRange(s, offset, length);
            offset += length;
        }
        return ranges;
    }
}

using ActorTrain.Kernels.Devices;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Sync mode: where the shards of one process keep the parameter versions, each a flat pinned vector of the whole
/// model (key = index) in which every shard writes its own range. Three slots take turns, version v in slot v mod 3:
/// a shard reads version v while it writes v + 1, and keeps v − 1 for a worker that redoes a step; v − 1's slot takes
/// v + 2 once every live worker has pushed step v (see <see cref="ParameterServerShard"/>).
/// <para>Workers in the same process on host-memory devices compute on a version's slot itself
/// (<see cref="DeviceBuffer.TryBind"/>): no shard writes a replica and no worker copies parameters. That is safe because
/// nobody writes a slot while it holds a version someone may read — the shards write only the version being applied,
/// which no worker reads before the answer to its pull says the chunk is done.</para>
/// </summary>
public sealed class VersionRing
{
    public const int Slots = 3;

    private readonly PinnedVector[] _slots;

    /// <param name="offset">the first key held (0 for a ring shared by every shard of the model).</param>
    public VersionRing(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Offset = offset;
        _slots = Enumerable.Range(0, Slots).Select(_ => new PinnedVector(length)).ToArray();
    }

    /// <summary>The first key the ring holds.</summary>
    public int Offset { get; }

    public int Length => _slots[0].Length;

    /// <summary>The whole vector that holds <paramref name="version"/>.</summary>
    public PinnedVector Slot(long version) => _slots[(int)(version % Slots)];

    /// <summary>Keys [<paramref name="key"/>, <paramref name="key"/> + <paramref name="length"/>) of <paramref name="version"/>.</summary>
    public Memory<float> Chunk(long version, int key, int length)
    {
        if (key < Offset || length < 0 || key - Offset > Length - length)
            throw new ArgumentOutOfRangeException(nameof(key), $"keys [{key}, {key + (long)length}) are outside the ring's [{Offset}, {Offset + Length})");
        return Slot(version).Values.AsMemory(key - Offset, length);
    }
}

using ActorTrain.Kernels.Devices;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Sync mode: the parameters the shards of one process update, one flat pinned vector of the whole model (key = index)
/// in which each shard updates its own range in place — and on which the workers in that process, on host-memory
/// devices, compute directly (<see cref="DeviceBuffer.TryBind"/>): no shard writes a replica, no worker copies
/// parameters, and a worker's step reads and writes the memory the single loop's would.
/// <para>In place is safe because a shard updates a chunk only once every live worker has pushed its gradient, and a
/// worker pushes a chunk only when no later part of its step reads those parameters. The version before, which a
/// restarted worker needs to redo the step, each shard keeps in memory of its own (see <see cref="ParameterServerShard"/>),
/// except for a lone worker pushing whole steps, which no shard can be a step ahead of.</para>
/// </summary>
public sealed class SharedParameters
{
    /// <param name="offset">the first key held (0 when every shard of the model shares it).</param>
    public SharedParameters(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Offset = offset;
        Vector = new PinnedVector(length);
    }

    /// <summary>The first key held.</summary>
    public int Offset { get; }

    public int Length => Vector.Length;

    public PinnedVector Vector { get; }

    /// <summary>Keys [<paramref name="key"/>, <paramref name="key"/> + <paramref name="length"/>).</summary>
    public Memory<float> Chunk(int key, int length)
    {
        if (key < Offset || length < 0 || key - Offset > Length - length)
            throw new ArgumentOutOfRangeException(nameof(key), $"keys [{key}, {key + (long)length}) are outside the shared [{Offset}, {Offset + Length})");
        return Vector.Values.AsMemory(key - Offset, length);
    }
}

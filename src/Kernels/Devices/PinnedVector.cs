namespace ActorTrain.Kernels.Devices;

/// <summary>
/// A flat float vector in pinned host memory, owned by no device: memory that several host-memory buffers may be bound to
/// (<see cref="DeviceBuffer.TryBind"/>), so that models in one process compute on the same values without copying them.
/// Pinned for the same reason as a host device's own buffers: native BLAS takes its address.
/// </summary>
public sealed class PinnedVector
{
    public PinnedVector(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Values = GC.AllocateArray<float>(length, pinned: true);
    }

    public float[] Values { get; }

    public int Length => Values.Length;
}

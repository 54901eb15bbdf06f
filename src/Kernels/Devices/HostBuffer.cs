namespace ActorTrain.Kernels.Devices;

/// <summary>
/// Host memory as a pinned float array: pinned so native BLAS can take its address without fixing it on every call,
/// and so the GC never moves megabytes of parameters.
/// </summary>
internal sealed class HostBuffer : DeviceBuffer
{
    private readonly HostDevice _device;
    private float[]? _data;
    private PinnedVector? _bound;

    public HostBuffer(HostDevice device, int length) : base(device, length)
    {
        _device = device;
        _data = GC.AllocateArray<float>(length, pinned: true);
    }

    /// <summary>The memory the buffer reads and writes: its own, or the vector it is bound to.</summary>
    public float[] Data => _data is null ? throw new ObjectDisposedException($"buffer of {Length} values on {Device.Name}") : _bound?.Values ?? _data;

    public override bool TryBind(PinnedVector? memory)
    {
        if (memory is not null && memory.Length != Length)
            throw new ArgumentException($"cannot bind a buffer of {Length} values on {Device.Name} to a vector of {memory.Length}", nameof(memory));
        _bound = memory;
        return true;
    }

    public override void Dispose()
    {
        if (_data is null) return;
        _data = null;
        _bound = null;
        _device.Release(Length);
    }
}

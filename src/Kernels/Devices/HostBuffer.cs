namespace ActorTrain.Kernels.Devices;

/// <summary>
/// Host memory as a pinned float array: pinned so native BLAS can take its address without fixing it on every call,
/// and so the GC never moves megabytes of parameters.
/// </summary>
internal sealed class HostBuffer : DeviceBuffer
{
    private readonly HostDevice _device;
    private float[]? _data;

    public HostBuffer(HostDevice device, int length) : base(device, length)
    {
        _device = device;
        _data = GC.AllocateArray<float>(length, pinned: true);
    }

    public float[] Data => _data ?? throw new ObjectDisposedException($"buffer of {Length} values on {Device.Name}");

    public override void Dispose()
    {
        if (_data is null) return;
        _data = null;
        _device.Release(Length);
    }
}

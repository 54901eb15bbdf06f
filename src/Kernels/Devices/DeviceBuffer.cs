namespace ActorTrain.Kernels.Devices;

/// <summary>Memory owned by one device: <see cref="Length"/> float32 values. Only streams of the same device may use it.</summary>
public abstract class DeviceBuffer : IDisposable
{
    protected DeviceBuffer(IDevice device, int length)
    {
        Device = device;
        Length = length;
    }

    public IDevice Device { get; }

    public int Length { get; }

    /// <summary>The whole buffer as a span.</summary>
    public DeviceSpan All => new(this, 0, Length);

    /// <summary>A slice of the buffer.</summary>
    public DeviceSpan Slice(int offset, int length) => All.Slice(offset, length);

    public abstract void Dispose();
}

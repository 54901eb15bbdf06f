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

    /// <summary>
    /// Makes the buffer read and write <paramref name="memory"/> instead of its own memory, until bound again (null: its
    /// own memory, as it was left). Every span of the buffer follows, so a model bound this way computes on shared values
    /// without a copy. Only devices whose memory is host memory can; others return false and keep their memory.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="memory"/> is not exactly as long as the buffer.</exception>
    public virtual bool TryBind(PinnedVector? memory) => false;

    public abstract void Dispose();
}

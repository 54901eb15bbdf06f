namespace ActorTrain.Kernels.Devices;

/// <summary>A device whose memory is host memory, with an optional budget so that a CPU "device" can stand in for a GPU of a given size.</summary>
public abstract class HostDevice : IDevice
{
    private long _allocatedBytes;

    protected HostDevice(string name, long memoryLimitBytes)
    {
        if (memoryLimitBytes <= 0) throw new ArgumentOutOfRangeException(nameof(memoryLimitBytes), memoryLimitBytes, "memory limit must be positive");
        Name = name;
        MemoryLimitBytes = memoryLimitBytes;
    }

    public string Name { get; }

    public long MemoryLimitBytes { get; }

    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    public DeviceBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = (long)length * sizeof(float);
        long after = Interlocked.Add(ref _allocatedBytes, bytes);
        if (after > MemoryLimitBytes)
        {
            Interlocked.Add(ref _allocatedBytes, -bytes);
            throw new DeviceOutOfMemoryException(Name, bytes, MemoryLimitBytes - (after - bytes));
        }
        return new HostBuffer(this, length);
    }

    public abstract IDeviceStream CreateStream();

    internal void Release(int length) => Interlocked.Add(ref _allocatedBytes, -(long)length * sizeof(float));

    public virtual void Dispose() => GC.SuppressFinalize(this);

    public override string ToString() => Name;
}

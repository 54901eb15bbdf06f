namespace ActorTrain.Kernels.Devices;

/// <summary>An allocation beyond a device's memory budget.</summary>
public sealed class DeviceOutOfMemoryException : Exception
{
    public DeviceOutOfMemoryException(string device, long requestedBytes, long freeBytes)
        : base($"device {device} out of memory: requested {requestedBytes} bytes, free {freeBytes} bytes")
    {
        Device = device;
        RequestedBytes = requestedBytes;
        FreeBytes = freeBytes;
    }

    public string Device { get; }
    public long RequestedBytes { get; }
    public long FreeBytes { get; }
}

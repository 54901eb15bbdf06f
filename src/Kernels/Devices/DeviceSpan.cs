namespace ActorTrain.Kernels.Devices;

/// <summary>
/// A window of a device buffer: the unit every op works on. Offsets instead of sub-buffers keep slicing free on
/// every device (OpenCL sub-buffers carry alignment rules we do not want to leak into layers).
/// </summary>
public readonly record struct DeviceSpan
{
    public DeviceSpan(DeviceBuffer buffer, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if ((uint)offset > (uint)buffer.Length || (uint)length > (uint)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length),
                $"span [{offset}, {offset + (long)length}) is outside a buffer of {buffer.Length} values on {buffer.Device.Name}");
        Buffer = buffer;
        Offset = offset;
        Length = length;
    }

    public DeviceBuffer Buffer { get; }

    public int Offset { get; }

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    public DeviceSpan Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Length || (uint)length > (uint)(Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length), $"slice [{offset}, {offset + (long)length}) is outside a span of {Length} values");
        return new DeviceSpan(Buffer, Offset + offset, length);
    }

    public DeviceSpan Slice(int offset) => Slice(offset, Length - offset);

    /// <summary>
    /// On a device whose memory is host memory (CPU, reference), the span's memory itself, so a process can hand it to
    /// another thread without a copy — valid while the buffer lives and nothing enqueued writes to it. False on devices
    /// with memory of their own (OpenCL), where only <see cref="IDeviceStream.Download"/> reaches the values.
    /// </summary>
    public bool TryGetHostMemory(out Memory<float> memory)
    {
        memory = Buffer is HostBuffer host ? host.Data.AsMemory(Offset, Length) : default;
        return Buffer is HostBuffer;
    }

    public override string ToString() => $"{Buffer.Device.Name}[{Offset}..{Offset + Length})";
}

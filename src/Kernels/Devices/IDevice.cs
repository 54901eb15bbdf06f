namespace ActorTrain.Kernels.Devices;

/// <summary>
/// A compute device: it owns its memory and hands out in-order streams of work.
/// CPU devices run work as it is enqueued; accelerator devices (OpenCL) queue it and complete it asynchronously,
/// so callers must only read results after a <see cref="DeviceEvent"/> from the stream has completed.
/// </summary>
public interface IDevice : IDisposable
{
    /// <summary>Stable name such as <c>cpu:0</c> or <c>opencl:1</c>, used in config, logs and errors.</summary>
    string Name { get; }

    /// <summary>Bytes this device may hand out; <see cref="long.MaxValue"/> when unlimited.</summary>
    long MemoryLimitBytes { get; }

    /// <summary>Bytes currently allocated and not yet disposed.</summary>
    long AllocatedBytes { get; }

    /// <summary>A zero-filled buffer of <paramref name="length"/> float32 values.</summary>
    /// <exception cref="DeviceOutOfMemoryException">the allocation would exceed <see cref="MemoryLimitBytes"/>.</exception>
    DeviceBuffer Allocate(int length);

    /// <summary>A new in-order stream; each worker owns one, since streams are not thread-safe.</summary>
    IDeviceStream CreateStream();
}

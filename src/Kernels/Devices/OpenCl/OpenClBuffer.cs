using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>One cl_mem of <see cref="DeviceBuffer.Length"/> floats. Empty buffers hold no cl_mem (OpenCL has no zero-sized buffers).</summary>
internal sealed class OpenClBuffer : DeviceBuffer
{
    private readonly OpenClDevice _device;
    private nint _memory;
    private bool _disposed;

    public OpenClBuffer(OpenClDevice device, int length, nint memory) : base(device, length)
    {
        _device = device;
        _memory = memory;
    }

    /// <summary>The cl_mem; 0 for an empty buffer.</summary>
    public nint Memory => _disposed ? throw new ObjectDisposedException($"buffer of {Length} values on {Device.Name}") : _memory;

    public override unsafe void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // OpenCL keeps the memory alive until commands already enqueued on it have finished, so no wait is needed.
        if (_memory != 0) OpenClApi.ReleaseMemObject(_memory);
        _memory = 0;
        _device.Release(Length);
    }
}

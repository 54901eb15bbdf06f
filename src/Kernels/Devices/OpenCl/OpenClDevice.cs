using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// An OpenCL device: its context, its program (built once, binaries cached on disk) and its memory under an optional
/// budget, as <see cref="HostDevice"/> has. GEMM goes to CLBlast, every other op to the device's own kernels; each
/// stream is one in-order command queue with its own kernel objects.
/// </summary>
public sealed unsafe class OpenClDevice : IDevice
{
    private readonly nint _context;
    private readonly nint _setupQueue; // zero-fills new buffers and warms CLBlast; streams never use it
    private readonly OpenClProgram _program;
    private long _allocatedBytes;
    private bool _disposed;

    /// <param name="memoryLimitBytes">budget for allocations; the device's global memory caps it.</param>
    /// <param name="cacheDirectory">where compiled programs are cached; null for <see cref="ProgramBinaryCache.DefaultDirectory"/>, "" for no cache.</param>
    public OpenClDevice(OpenClDeviceInfo info, long memoryLimitBytes = long.MaxValue, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (memoryLimitBytes <= 0) throw new ArgumentOutOfRangeException(nameof(memoryLimitBytes), memoryLimitBytes, "memory limit must be positive");
        if (!ClBlast.IsAvailable) throw new InvalidOperationException($"OpenCL device {info.Name} needs CLBlast for GEMM, but {ClBlast.LoadError}");
        Info = info;
        MemoryLimitBytes = Math.Min(memoryLimitBytes, info.GlobalMemoryBytes);
        nint device = info.DeviceId;
        nint* properties = stackalloc nint[] { 0x1084 /* CL_CONTEXT_PLATFORM */, info.PlatformId, 0 };
        int error;
        _context = OpenClApi.CreateContext(properties, 1, &device, 0, 0, &error);
        OpenClApi.Check(error, "clCreateContext");
        try
        {
            _setupQueue = OpenClApi.CreateCommandQueue(_context, device, 0, &error);
            OpenClApi.Check(error, "clCreateCommandQueue");
            var cache = cacheDirectory == "" ? null : new ProgramBinaryCache(cacheDirectory ?? ProgramBinaryCache.DefaultDirectory());
            _program = OpenClProgram.Build(_context, info, OpenClProgram.EmbeddedSource(), "", cache);
            ReductionSize = (int)Math.Min(256, BitFloor(OpenClApi.InfoValue<nuint>(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceMaxWorkGroupSize, "clGetDeviceInfo")));
            WarmClBlast();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Opens device <c>opencl:<paramref name="index"/></c>, or explains why there is none.</summary>
    public static OpenClDevice Open(int index = 0, long memoryLimitBytes = long.MaxValue, string? cacheDirectory = null)
    {
        var found = OpenClPlatform.Discover();
        if (index < 0 || index >= found.Devices.Count)
            throw new InvalidOperationException(found.Devices.Count == 0
                ? $"no OpenCL device: {found.Reason}"
                : $"no OpenCL device opencl:{index}; found {string.Join(", ", found.Devices.Select(d => d.Name))}");
        return new OpenClDevice(found.Devices[index], memoryLimitBytes, cacheDirectory);
    }

    public OpenClDeviceInfo Info { get; }

    public string Name => Info.Name;

    public long MemoryLimitBytes { get; }

    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>True when this device's program came from the binary cache (nothing compiled).</summary>
    public bool ProgramFromCache => _program.FromCache;

    /// <summary>Time to load or compile the program at start-up.</summary>
    public TimeSpan ProgramBuildTime => _program.BuildTime;

    internal nint Context => _context;

    /// <summary>Work-items of the single-group reductions: a power of two, at most the kernel's 256.</summary>
    internal int ReductionSize { get; }

    internal nint CreateKernel(string name) => _program.CreateKernel(name);

    public DeviceBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long bytes = (long)length * sizeof(float);
        long after = Interlocked.Add(ref _allocatedBytes, bytes);
        if (after > MemoryLimitBytes)
        {
            Interlocked.Add(ref _allocatedBytes, -bytes);
            throw new DeviceOutOfMemoryException(Name, bytes, MemoryLimitBytes - (after - bytes));
        }
        if (length == 0) return new OpenClBuffer(this, 0, 0);
        try
        {
            int error;
            nint memory = OpenClApi.CreateBuffer(_context, OpenClApi.MemReadWrite, (nuint)bytes, null, &error);
            OpenClApi.Check(error, "clCreateBuffer");
            // Zero-filled by contract. Finished here, on the setup queue, so every stream sees zeros without
            // having to order itself after this queue.
            float zero = 0f;
            int status = OpenClApi.EnqueueFillBuffer(_setupQueue, memory, &zero, sizeof(float), 0, (nuint)bytes, 0, null, null);
            if (status == 0) status = OpenClApi.Finish(_setupQueue);
            if (status != 0) OpenClApi.ReleaseMemObject(memory);
            OpenClApi.Check(status, "clEnqueueFillBuffer");
            return new OpenClBuffer(this, length, memory);
        }
        catch
        {
            Interlocked.Add(ref _allocatedBytes, -bytes);
            throw;
        }
    }

    internal void Release(int length) => Interlocked.Add(ref _allocatedBytes, -(long)length * sizeof(float));

    public IDeviceStream CreateStream()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new OpenClStream(this);
    }

    internal nint CreateQueue()
    {
        int error;
        nint queue = OpenClApi.CreateCommandQueue(_context, Info.DeviceId, 0, &error); // in order: no out-of-order flag
        OpenClApi.Check(error, "clCreateCommandQueue");
        return queue;
    }

    /// <summary>
    /// CLBlast 1.5.3 compiles a routine on its first call per device and can fail when two threads make that first
    /// call at once; one call per transpose pair here, on one thread, leaves every later call a cache hit.
    /// </summary>
    private void WarmClBlast()
    {
        const int size = 8;
        using var a = (OpenClBuffer)Allocate(size * size);
        using var b = (OpenClBuffer)Allocate(size * size);
        using var c = (OpenClBuffer)Allocate(size * size);
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
            ClBlast.Gemm(_setupQueue, transA, transB, size, size, size, 1f, a.Memory, 0, b.Memory, 0, 0f, c.Memory, 0);
        OpenClApi.Check(OpenClApi.Finish(_setupQueue), "clFinish");
    }

    private static nuint BitFloor(nuint value)
    {
        nuint power = 1;
        while (power * 2 <= value) power *= 2;
        return power;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _program?.Dispose();
        if (_setupQueue != 0) OpenClApi.ReleaseCommandQueue(_setupQueue);
        if (_context != 0) OpenClApi.ReleaseContext(_context);
    }

    public override string ToString() => Name;
}

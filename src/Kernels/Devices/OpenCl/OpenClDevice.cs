using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// An OpenCL device: its memory under an optional budget (as <see cref="HostDevice"/> has) over a context and program
/// shared by every device object of the same physical device (<see cref="OpenClContext"/>). GEMM goes to CLBlast (or,
/// without it, a plain kernel), every other op to our own kernels; each stream is one in-order command queue with its
/// own kernel objects.
/// </summary>
public sealed class OpenClDevice : IDevice
{
    private static int _warned;
    private readonly OpenClContext _context;
    private long _allocatedBytes;
    private bool _disposed;

    /// <param name="memoryLimitBytes">budget for allocations; the device's global memory caps it.</param>
    /// <param name="cacheDirectory">where compiled programs are cached when this is the process's first device object
    /// on this device; null for <c>$ACTORTRAIN_CACHE/opencl</c> or <c>~/.cache/actortrain/opencl</c>, "" for no cache.</param>
    /// <param name="gemm">CLBlast (Auto falls back to our plain kernel, with a one-line warning, when CLBlast is missing).</param>
    public OpenClDevice(OpenClDeviceInfo info, long memoryLimitBytes = long.MaxValue, string? cacheDirectory = null, OpenClGemm gemm = OpenClGemm.Auto)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (memoryLimitBytes <= 0) throw new ArgumentOutOfRangeException(nameof(memoryLimitBytes), memoryLimitBytes, "memory limit must be positive");
        if (gemm == OpenClGemm.ClBlast && !ClBlast.IsAvailable)
            throw new InvalidOperationException($"CLBlast was requested for {info.Name} but {ClBlast.LoadError}");
        UsesClBlast = gemm != OpenClGemm.Kernel && ClBlast.IsAvailable;
        if (gemm == OpenClGemm.Auto && !UsesClBlast && Interlocked.Exchange(ref _warned, 1) == 0)
            KernelDiagnostics.Warn($"warning: CLBlast not found ({ClBlast.LoadError}); OpenCL GEMM uses a much slower plain kernel");
        Info = info;
        MemoryLimitBytes = Math.Min(memoryLimitBytes, info.GlobalMemoryBytes);
        _context = OpenClContext.For(info, cacheDirectory);
    }

    /// <summary>Opens device <c>opencl:<paramref name="index"/></c>, or explains why there is none.</summary>
    public static OpenClDevice Open(int index = 0, long memoryLimitBytes = long.MaxValue, string? cacheDirectory = null, OpenClGemm gemm = OpenClGemm.Auto)
    {
        var found = OpenClPlatform.Discover();
        if (index < 0 || index >= found.Devices.Count)
            throw new InvalidOperationException(found.Devices.Count == 0
                ? $"no OpenCL device: {found.Reason}"
                : $"no OpenCL device opencl:{index}; found {string.Join(", ", found.Devices.Select(d => d.Name))}");
        return new OpenClDevice(found.Devices[index], memoryLimitBytes, cacheDirectory, gemm);
    }

    public OpenClDeviceInfo Info { get; }

    /// <summary>True when GEMM goes to CLBlast, false for our plain kernel.</summary>
    public bool UsesClBlast { get; }

    public string Name => Info.Name;

    public long MemoryLimitBytes { get; }

    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>True when the program was loaded from the binary cache (nothing compiled) at this device's first opening in the process.</summary>
    public bool ProgramFromCache => _context.Program.FromCache;

    /// <summary>Time to load or compile the program at this device's first opening in the process.</summary>
    public TimeSpan ProgramBuildTime => _context.Program.BuildTime;

    internal OpenClContext Context => _context;

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
            return new OpenClBuffer(this, length, _context.CreateZeroedBuffer(bytes));
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

    /// <summary>Ends this device object; the shared context lives on for other device objects and later openings.</summary>
    public void Dispose() => _disposed = true;

    public override string ToString() => Name;
}

using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// What every <see cref="OpenClDevice"/> over one physical device shares for the life of the process: the cl_context,
/// the built program and CLBlast's compiled routines (which CLBlast caches per context). Building these costs seconds
/// on PoCL, so a second device object (another memory budget, a test's fresh device) reuses them instead.
/// </summary>
internal sealed unsafe class OpenClContext
{
    private static readonly Lock SharedLock = new();
    private static readonly Dictionary<nint, OpenClContext> Shared = [];

    private readonly nint _setupQueue; // zero-fills new buffers and warms CLBlast; streams never use it
    private readonly OpenClProgram _program;

    private OpenClContext(OpenClDeviceInfo info, string? cacheDirectory)
    {
        Info = info;
        nint device = info.DeviceId;
        nint* properties = stackalloc nint[] { 0x1084 /* CL_CONTEXT_PLATFORM */, info.PlatformId, 0 };
        int error;
        Handle = OpenClApi.CreateContext(properties, 1, &device, 0, 0, &error);
        OpenClApi.Check(error, "clCreateContext");
        try
        {
            _setupQueue = CreateQueue();
            var cache = cacheDirectory == "" ? null : new ProgramBinaryCache(cacheDirectory ?? ProgramBinaryCache.DefaultDirectory());
            _program = OpenClProgram.Build(Handle, info, OpenClProgram.EmbeddedSource(), "", cache);
            GroupSize = PowerOfTwoAtMost(Math.Min(256, (long)OpenClApi.InfoValue<nuint>(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceMaxWorkGroupSize, "clGetDeviceInfo")));
            if (ClBlast.IsAvailable) WarmClBlast();
        }
        catch
        {
            _program?.Dispose();
            if (_setupQueue != 0) OpenClApi.ReleaseCommandQueue(_setupQueue);
            OpenClApi.ReleaseContext(Handle);
            throw;
        }
    }

    /// <summary>The context of <paramref name="info"/>'s device, built on first use.</summary>
    /// <param name="cacheDirectory">binary cache for that first build; null for the default, "" for none.</param>
    public static OpenClContext For(OpenClDeviceInfo info, string? cacheDirectory)
    {
        lock (SharedLock)
        {
            if (!Shared.TryGetValue(info.DeviceId, out var context)) Shared[info.DeviceId] = context = new OpenClContext(info, cacheDirectory);
            return context;
        }
    }

    public OpenClDeviceInfo Info { get; }

    public nint Handle { get; }

    public OpenClProgram Program => _program;

    /// <summary>
    /// Work-group size of elementwise launches and of the single-group reductions: 256 (a multiple of every GPU's SIMD
    /// width, and large enough that PoCL's per-group overhead vanishes) or the device's maximum when smaller, a power of two.
    /// </summary>
    public int GroupSize { get; }

    /// <summary>An in-order queue (no out-of-order flag).</summary>
    public nint CreateQueue()
    {
        int error;
        nint queue = OpenClApi.CreateCommandQueue(Handle, Info.DeviceId, 0, &error);
        OpenClApi.Check(error, "clCreateCommandQueue");
        return queue;
    }

    /// <summary>A zero-filled cl_mem of <paramref name="bytes"/>. Finished here, on the setup queue, so every stream
    /// sees zeros without ordering itself after this queue.</summary>
    public nint CreateZeroedBuffer(long bytes)
    {
        int error;
        nint memory = OpenClApi.CreateBuffer(Handle, OpenClApi.MemReadWrite, (nuint)bytes, null, &error);
        OpenClApi.Check(error, "clCreateBuffer");
        float zero = 0f;
        int status = OpenClApi.EnqueueFillBuffer(_setupQueue, memory, &zero, sizeof(float), 0, (nuint)bytes, 0, null, null);
        if (status == 0) status = OpenClApi.Finish(_setupQueue);
        if (status != 0) OpenClApi.ReleaseMemObject(memory);
        OpenClApi.Check(status, "clEnqueueFillBuffer");
        return memory;
    }

    /// <summary>
    /// CLBlast 1.5.3 compiles a routine on its first call per context and can fail when two threads make that first
    /// call at once; one call per transpose pair here, on one thread, leaves every later call a cache hit.
    /// </summary>
    private void WarmClBlast()
    {
        const int size = 8;
        nint a = CreateZeroedBuffer(size * size * sizeof(float)), b = CreateZeroedBuffer(size * size * sizeof(float)), c = CreateZeroedBuffer(size * size * sizeof(float));
        try
        {
            foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                ClBlast.Gemm(_setupQueue, transA, transB, size, size, size, 1f, a, 0, size, b, 0, 0f, c, 0);
            OpenClApi.Check(OpenClApi.Finish(_setupQueue), "clFinish");
        }
        finally
        {
            OpenClApi.ReleaseMemObject(a);
            OpenClApi.ReleaseMemObject(b);
            OpenClApi.ReleaseMemObject(c);
        }
    }

    public static int PowerOfTwoAtMost(long value) => 1 << System.Numerics.BitOperations.Log2((ulong)Math.Max(1, value));
}

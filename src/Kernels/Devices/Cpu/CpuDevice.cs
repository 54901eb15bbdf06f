using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.Cpu;

/// <summary>
/// Host memory, GEMM by OpenBLAS (or the managed SIMD fallback, with a one-line warning, when OpenBLAS is missing),
/// elementwise ops and reductions by TensorPrimitives. Several CPU devices may share one host; they then share
/// OpenBLAS's process-wide thread pool, which <see cref="SetBlasThreads"/> sizes.
/// </summary>
public sealed class CpuDevice : HostDevice
{
    private static int _warned;

    public CpuDevice(string name = "cpu:0", long memoryLimitBytes = long.MaxValue, GemmBackend gemm = GemmBackend.Auto)
        : base(name, memoryLimitBytes)
    {
        if (gemm == GemmBackend.OpenBlas && !OpenBlas.IsAvailable)
            throw new InvalidOperationException($"OpenBLAS was requested for {name} but {OpenBlas.LoadError}; install it with: apt-get install libopenblas0-pthread");
        UsesOpenBlas = gemm != GemmBackend.Managed && OpenBlas.IsAvailable;
        if (gemm == GemmBackend.Auto && !UsesOpenBlas && Interlocked.Exchange(ref _warned, 1) == 0)
            KernelDiagnostics.Warn($"warning: OpenBLAS not found ({OpenBlas.LoadError}); CPU GEMM uses the slower managed SIMD fallback. Install: apt-get install libopenblas0-pthread");
    }

    /// <summary>True when GEMM goes to OpenBLAS, false for the managed fallback.</summary>
    public bool UsesOpenBlas { get; }

    /// <summary>OpenBLAS's build description (core type, threading), or "unavailable".</summary>
    public static string BlasDescription => OpenBlas.Config;

    public static bool OpenBlasAvailable => OpenBlas.IsAvailable;

    /// <summary>OpenBLAS's current thread count (process-wide), 0 when it is not loaded.</summary>
    public static int BlasThreads => OpenBlas.Threads;

    /// <summary>Sets OpenBLAS's process-wide thread count: call once, from the number of CPU workers, before training.</summary>
    public static void SetBlasThreads(int threads) => OpenBlas.SetThreads(threads);

    public override IDeviceStream CreateStream() => new CpuStream(this);
}

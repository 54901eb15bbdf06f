namespace ActorTrain.Kernels.Devices.Cpu;

/// <summary>Which GEMM a CPU device uses: OpenBLAS when it loads (Auto), or the managed SIMD fallback.</summary>
public enum GemmBackend
{
    Auto,
    OpenBlas,
    Managed,
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Training;

/// <summary>Creates the compute device a run uses and sizes OpenBLAS's process-wide thread pool for it.</summary>
public static class DeviceFactory
{
    public static IDevice CreateCpu(DeviceSettings settings, string name = "cpu:0")
    {
        var backend = settings.Gemm.Trim().ToLowerInvariant() switch
        {
            "auto" => GemmBackend.Auto,
            "openblas" => GemmBackend.OpenBlas,
            "managed" => GemmBackend.Managed,
            _ => throw new ArgumentException($"unknown gemm backend '{settings.Gemm}'; valid: auto, openblas, managed"),
        };
        if (settings.BlasThreads < 0) throw new ArgumentOutOfRangeException("actortrain.device.blas-threads", settings.BlasThreads, "must be ≥ 0 (0 = one per core)");
        if (settings.MemoryLimitBytes < 0) throw new ArgumentOutOfRangeException("actortrain.device.memory-limit", settings.MemoryLimitBytes, "must be ≥ 0 (0 = unlimited)");
        CpuDevice.SetBlasThreads(settings.BlasThreads > 0 ? settings.BlasThreads : Environment.ProcessorCount);
        return new CpuDevice(name, settings.MemoryLimitBytes > 0 ? settings.MemoryLimitBytes : long.MaxValue, backend);
    }
}

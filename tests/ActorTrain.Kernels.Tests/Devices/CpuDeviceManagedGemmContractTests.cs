using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>The device contract for the CPU device with the managed SIMD GEMM, so the fallback meets the same oracle as OpenBLAS.</summary>
public sealed class CpuDeviceManagedGemmContractTests : DeviceContractTests
{
    protected override IDevice CreateDevice(long memoryLimitBytes = long.MaxValue) => new CpuDevice("cpu:0", memoryLimitBytes, GemmBackend.Managed);
}

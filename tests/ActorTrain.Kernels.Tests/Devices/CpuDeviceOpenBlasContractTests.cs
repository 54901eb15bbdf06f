using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>The device contract for the CPU device with GEMM by OpenBLAS (fails to construct when OpenBLAS is missing, rather than silently testing the fallback).</summary>
public sealed class CpuDeviceOpenBlasContractTests : DeviceContractTests
{
    protected override IDevice CreateDevice(long memoryLimitBytes = long.MaxValue) => new CpuDevice("cpu:0", memoryLimitBytes, GemmBackend.OpenBlas);
}

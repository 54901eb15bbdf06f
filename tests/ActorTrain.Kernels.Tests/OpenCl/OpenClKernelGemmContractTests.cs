using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.OpenCl;
using ActorTrain.Kernels.Tests.Devices;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>The device contract for the OpenCL device with our plain GEMM kernel, the fallback when CLBlast is missing.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClKernelGemmContractTests(OpenClDeviceFixture fixture) : DeviceContractTests
{
    protected override IDevice CreateDevice(long memoryLimitBytes = long.MaxValue) =>
        new OpenClDevice(fixture.Device.Info, memoryLimitBytes, gemm: OpenClGemm.Kernel);
}

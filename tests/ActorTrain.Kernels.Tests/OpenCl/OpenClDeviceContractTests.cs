using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.OpenCl;
using ActorTrain.Kernels.Tests.Devices;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>The device contract for the OpenCL device with CLBlast. Each test's fresh device is a new budget over the shared
/// context, so the contract costs no recompilation.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClDeviceContractTests(OpenClDeviceFixture fixture) : DeviceContractTests
{
    protected override IDevice CreateDevice(long memoryLimitBytes = long.MaxValue) => new OpenClDevice(fixture.Device.Info, memoryLimitBytes, gemm: OpenClGemm.ClBlast);
}

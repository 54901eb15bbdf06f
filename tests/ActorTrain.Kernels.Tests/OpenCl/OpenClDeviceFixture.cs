using ActorTrain.Kernels.Devices.OpenCl;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>
/// One OpenCL device for every OpenCL test class: opening one builds (or loads) the program and warms CLBlast, which
/// PoCL makes slow the first time. Fails with discovery's reason when the machine has no OpenCL device (or CLBlast);
/// tools/setup.sh installs PoCL, which provides one on any CPU, and CLBlast.
/// </summary>
public sealed class OpenClDeviceFixture : IDisposable
{
    private readonly Lazy<OpenClDevice> _device = new(() => OpenClDevice.Open(0, gemm: OpenClGemm.ClBlast));

    public OpenClDevice Device => _device.Value;

    public void Dispose()
    {
        if (_device.IsValueCreated) _device.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OpenClCollection : ICollectionFixture<OpenClDeviceFixture>
{
    public const string Name = "OpenCL device";
}

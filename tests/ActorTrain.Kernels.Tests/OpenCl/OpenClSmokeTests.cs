using ActorTrain.Kernels.Devices.OpenCl;

namespace ActorTrain.Kernels.Tests.OpenCl;

[Collection(OpenClCollection.Name)]
public sealed class OpenClSmokeTests(OpenClDeviceFixture fixture)
{
    [Fact]
    public void Upload_ThenDownload_RoundTrips()
    {
        var device = fixture.Device;
        using var stream = device.CreateStream();
        using var buffer = device.Allocate(10);
        stream.Upload(new float[] { 1, 2, 3 }, buffer.Slice(4, 3)).Wait();
        var host = new float[10];
        stream.Download(buffer.All, host).Wait();
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 2, 3, 0, 0, 0 }, host);
    }
}

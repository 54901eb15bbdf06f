using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Tests.Fixtures;

namespace ActorTrain.Kernels.Tests.Layers;

/// <summary>
/// Each loss and its gradient (backward with scale 1/rows = the gradient of the mean) against torch.nn.functional
/// (Fixtures/torch_kernels.txt), within 1e-5 relative plus 1e-7 absolute; the softmax case includes a row of logits
/// near 40, where a softmax that does not subtract the row maximum loses all precision.
/// </summary>
public sealed class TorchLossParityTests
{
    private const double Relative = 1e-5;
    private const double Absolute = 1e-7;

    public static TheoryData<string, string, string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (string device in new[] { "reference", "cpu" })
        {
            data.Add("softmax-cross-entropy", "softmax_ce", "logits", "labels", "dlogits", device);
            data.Add("mse", "mse", "prediction", "target", "dprediction", device);
            data.Add("bce-with-logits", "bce", "logits", "target", "dlogits", device);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_FixtureBatch_MatchesTorchLossAndGradient(string loss, string key, string input, string target, string gradient, string deviceName)
    {
        var fixture = TorchKernelFixture.File;
        var sut = Loss.Parse(loss);
        float[] x = fixture.Floats($"{key}.{input}"), t = fixture.Floats($"{key}.{target}");
        int rows = key == "softmax_ce" ? t.Length : 3, cols = x.Length / rows;
        using IDevice device = deviceName == "cpu" ? new CpuDevice() : new ReferenceDevice();
        using var stream = device.CreateStream();
        using var xs = device.Allocate(x.Length);
        using var ts = device.Allocate(t.Length);
        using var losses = device.Allocate(rows);
        using var dx = device.Allocate(x.Length);
        stream.Upload(x, xs.All).Wait();
        stream.Upload(t, ts.All).Wait();

        sut.Forward(stream, xs.All, ts.All, rows, cols, losses.All);
        sut.Backward(stream, xs.All, ts.All, rows, cols, 1f / rows, dx.All);

        double mean = Sequential.Download(stream, losses.All).Average(v => (double)v);
        Approx.Equal(fixture[$"{key}.loss"][0], mean, Relative, Absolute, $"{loss} loss");
        Approx.Equal(fixture[$"{key}.{gradient}"], Sequential.Download(stream, dx.All), Relative, Absolute, $"{loss} gradient");
    }
}

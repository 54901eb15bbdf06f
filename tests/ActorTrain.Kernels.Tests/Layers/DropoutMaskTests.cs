using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Models;

namespace ActorTrain.Kernels.Tests.Layers;

/// <summary>
/// The dropout layer's mask is a function of (seed, layer, step, global row, column): a data-parallel shard that
/// knows its row offset drops exactly what one device dropping the whole batch drops, and evaluation is the identity.
/// </summary>
public sealed class DropoutMaskTests
{
    private const int Width = 16;
    private const int Rows = 8;
    private const float Rate = 0.3f;

    public static TheoryData<string> Devices => HostDevices.Names;

    private static IDevice Create(string device) => HostDevices.Create(device);

    private static float[] Ones(int rows) => Enumerable.Repeat(1f, rows * Width).ToArray();

    private static float[] Run(IDevice device, IDeviceStream stream, LayerContext context, int rows)
    {
        using var model = new Sequential(device, Width, [new Dropout(Rate)], Rows);
        model.LoadInput(stream, Ones(rows), rows).Wait();
        return Sequential.Download(stream, model.Forward(context, rows));
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Forward_SecondHalfWithRowOffset_EqualsSecondHalfOfFullBatch(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        var whole = Run(device, stream, new LayerContext(stream, Training: true, Step: 5, Seed: 42, GlobalRows: Rows), Rows);
        var shard = Run(device, stream, new LayerContext(stream, Training: true, Step: 5, Seed: 42, RowOffset: Rows / 2, GlobalRows: Rows), Rows / 2);

        Assert.Equal(whole[(Rows / 2 * Width)..], shard);
        // Inverted dropout: kept ones become 1/(1 − rate); roughly 30% of 128 are dropped.
        Assert.All(whole, v => Assert.True(v == 0f || Math.Abs(v - 1 / (1 - Rate)) < 1e-6, $"unexpected dropout output {v}"));
        Assert.InRange(whole.Count(v => v == 0f), 20, 60);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Forward_NextStep_DrawsAnotherMask(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        var step5 = Run(device, stream, new LayerContext(stream, Training: true, Step: 5, Seed: 42), Rows);
        var step6 = Run(device, stream, new LayerContext(stream, Training: true, Step: 6, Seed: 42), Rows);

        Assert.NotEqual(step5, step6);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Forward_Evaluation_IsIdentity(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();

        Assert.Equal(Ones(Rows), Run(device, stream, new LayerContext(stream, Training: false, Step: 5, Seed: 42), Rows));
    }
}

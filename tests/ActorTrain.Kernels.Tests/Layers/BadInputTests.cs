using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Layers;

/// <summary>
/// Bad batches and bad configurations fail at once with an <see cref="ArgumentException"/> that says where (the layer)
/// and what (the shapes, the offending value), instead of producing NaN losses many steps later.
/// </summary>
public sealed class BadInputTests
{
    private const int Width = 4;
    private const int MaxRows = 3;

    public static TheoryData<string> Devices => HostDevices.Names;

    private static IDevice Create(string device) => HostDevices.Create(device);

    private static Sequential Model(IDevice device) => new(device, Width, [new Dense(2)], MaxRows);

    [Theory]
    [MemberData(nameof(Devices))]
    public void LoadInput_LengthNotRowsTimesWidth_NamesLayerAndShape(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Model(device);

        var e = Assert.Throws<ArgumentException>(() => model.LoadInput(stream, new float[7], 2));

        Assert.Contains("dense0", e.Message);
        Assert.Contains("2×4 = 8", e.Message);
        Assert.Contains("got 7", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void LoadInput_NaN_NamesLayerRowColumnAndShape(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Model(device);
        var batch = new float[2 * Width];
        batch[6] = float.NaN; // row 1, column 2

        var e = Assert.Throws<ArgumentException>(() => model.LoadInput(stream, batch, 2));

        Assert.Contains("dense0", e.Message);
        Assert.Contains("row 1, column 2 is NaN", e.Message);
        Assert.Contains("shape 2×4", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void LoadInput_PositiveInfinity_NamesLayerRowColumnAndShape(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Model(device);
        var batch = new float[3 * Width];
        batch[3] = float.PositiveInfinity; // row 0, column 3

        var e = Assert.Throws<ArgumentException>(() => model.LoadInput(stream, batch, 3));

        Assert.Contains("dense0", e.Message);
        Assert.Contains($"row 0, column 3 is {float.PositiveInfinity}", e.Message);
        Assert.Contains("shape 3×4", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void LoadInput_ZeroRows_NamesLayerAndRows(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Model(device);

        var e = Assert.Throws<ArgumentException>(() => model.LoadInput(stream, Array.Empty<float>(), 0));

        Assert.Contains("dense0", e.Message);
        Assert.Contains("empty batch (0 rows)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void LoadInput_MoreRowsThanMaxRows_NamesLayerAndBothRowCounts(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Model(device);

        var e = Assert.Throws<ArgumentException>(() => model.LoadInput(stream, new float[4 * Width], 4));

        Assert.Contains("dense0", e.Message);
        Assert.Contains("batch of 4 rows exceeds the 3", e.Message);
    }

    [Fact]
    public void Dense_ZeroOutputs_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0));
        Assert.Contains("dense layer needs at least one output", e.Message);
    }

    [Fact]
    public void Dropout_RateOne_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f));
        Assert.Contains("dropout rate must be in [0, 1)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void BatchNormTraining_OneRow_NamesLayerAndRowCount(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = new Sequential(device, Width, [new Dense(3), new BatchNorm()], MaxRows);
        model.Initialize(stream, seed: 1);
        model.LoadInput(stream, new float[Width], 1).Wait();

        var e = Assert.Throws<ArgumentException>(() => model.Forward(new LayerContext(stream, Training: true), 1));

        Assert.Contains("batch-norm0", e.Message);
        Assert.Contains("at least 2 rows", e.Message);
        Assert.Contains("got 1", e.Message);
    }

    [Fact]
    public void LossParse_UnknownName_ListsValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Parse("hinge"));
        Assert.Contains("unknown loss 'hinge'", e.Message);
        Assert.Contains("softmax-cross-entropy, mse, bce-with-logits", e.Message);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void SoftmaxCrossEntropy_LabelOutOfRange_NamesLabelRowAndClassCount(string deviceName)
    {
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var logits = device.Allocate(2 * 3);
        using var labels = device.Allocate(2);
        using var losses = device.Allocate(2);
        stream.Upload(new float[] { 0f, 3f }, labels.All).Wait();

        var e = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Forward(stream, logits.All, labels.All, 2, 3, losses.All));

        Assert.Contains("label 3 at row 1", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }
}

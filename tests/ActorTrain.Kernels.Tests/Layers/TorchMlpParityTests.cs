using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Tests.Fixtures;

namespace ActorTrain.Kernels.Tests.Layers;

/// <summary>
/// A small MLP against the same model in PyTorch (Fixtures/torch_kernels.txt): forward output, mean cross-entropy, every
/// parameter gradient, batch-norm running statistics and evaluation output for one batch, gradients accumulated over
/// two half batches, and the losses of ten SGD-momentum steps. The torch weights are loaded into
/// <see cref="Sequential.Parameters"/> in our flat layout (dense weight (out, in) then bias; batch-norm gamma then
/// beta). Tolerance 1e-4 relative plus 1e-6 absolute: float32 on both sides with sums in
/// different orders, a few ulps per op; ten training steps compound that, still far below 1e-4.
/// </summary>
public sealed class TorchMlpParityTests
{
    private const double Relative = 1e-4;
    private const double Absolute = 1e-6;
    private const int Rows = 8;
    private const int InputWidth = 5;

    public static TheoryData<string, string> CasesOnDevices() => new()
    {
        { "mlp", "reference" }, { "mlp", "cpu" }, { "mlp_bn", "reference" }, { "mlp_bn", "cpu" },
    };

    public static TheoryData<string> Devices => HostDevices.Names;

    private static IDevice Create(string device) => HostDevices.Create(device);

    private static Layer[] Layers(string name) => name == "mlp_bn"
        ? [new Dense(6), new BatchNorm(), new ActivationLayer(Activation.Relu), new Dense(3)]
        : [new Dense(6), new ActivationLayer(Activation.Relu), new Dense(3)];

    /// <summary>A model on <paramref name="device"/> with torch's parameters and the fixture's input loaded.</summary>
    private static Sequential Build(IDevice device, IDeviceStream stream, string name, string parametersKey)
    {
        var fixture = TorchKernelFixture.File;
        var model = new Sequential(device, InputWidth, Layers(name), Rows);
        model.Initialize(stream, seed: 1);
        float[] parameters = fixture.Floats(parametersKey);
        Assert.Equal(model.Layout.Length, parameters.Length);
        stream.Upload(parameters, model.Parameters.All).Wait();
        model.LoadInput(stream, fixture.Floats("mlp.x"), Rows).Wait();
        return model;
    }

    private static DeviceBuffer Labels(IDevice device, IDeviceStream stream)
    {
        var labels = device.Allocate(Rows);
        stream.Upload(TorchKernelFixture.File.Floats("mlp.labels"), labels.All).Wait();
        return labels;
    }

    /// <summary>Forward, loss and backward of the mean loss into zeroed gradients; returns the output and the mean loss.</summary>
    private static (float[] Output, double Loss) Pass(Sequential model, IDeviceStream stream, DeviceBuffer labels, DeviceBuffer losses)
    {
        var loss = new SoftmaxCrossEntropy();
        var context = new LayerContext(stream, Training: true, GlobalRows: Rows);
        var output = model.Forward(context, Rows);
        loss.Forward(stream, output, labels.All, Rows, model.OutputWidth, losses.All);
        loss.Backward(stream, output, labels.All, Rows, model.OutputWidth, 1f / Rows, model.OutputGradient(Rows));
        model.ZeroGradients(stream);
        model.Backward(context, Rows);
        return (Sequential.Download(stream, output), Sequential.Download(stream, losses.All).Average(v => (double)v));
    }

    [Theory]
    [MemberData(nameof(CasesOnDevices))]
    public void Sequential_TorchWeights_MatchesTorchOutputLossAndGradients(string name, string deviceName)
    {
        var fixture = TorchKernelFixture.File;
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Build(device, stream, name, $"{name}.params");
        using var labels = Labels(device, stream);
        using var losses = device.Allocate(Rows);

        var (output, loss) = Pass(model, stream, labels, losses);

        Approx.Equal(fixture[$"{name}.out"], output, Relative, Absolute, $"{name} output");
        Approx.Equal(fixture[$"{name}.loss"][0], loss, Relative, Absolute, $"{name} loss");
        Approx.Equal(fixture[$"{name}.grads"], Sequential.Download(stream, model.Gradients.All), Relative, Absolute, $"{name} gradients");
        if (fixture.Contains($"{name}.state"))
        {
            Approx.Equal(fixture[$"{name}.state"], Sequential.Download(stream, model.State.All), Relative, Absolute, $"{name} running statistics");
            var evaluation = model.Forward(new LayerContext(stream, Training: false), Rows);
            Approx.Equal(fixture[$"{name}.eval_out"], Sequential.Download(stream, evaluation), Relative, Absolute, $"{name} evaluation output");
        }
    }

    /// <summary>
    /// Micro-batching: two backward passes over the halves of the batch, each with the loss scale 1/8 of the whole
    /// batch and no zeroing between them, add up to torch's gradient of the mean over all 8 rows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Devices))]
    public void Sequential_TwoHalfBatchesAccumulated_MatchTorchFullBatchGradients(string deviceName)
    {
        var fixture = TorchKernelFixture.File;
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Build(device, stream, "mlp", "mlp.params");
        using var labels = device.Allocate(Rows / 2);
        using var losses = device.Allocate(Rows / 2);
        float[] x = fixture.Floats("mlp.x"), allLabels = fixture.Floats("mlp.labels");
        var loss = new SoftmaxCrossEntropy();
        var context = new LayerContext(stream, Training: true, GlobalRows: Rows);
        const int half = Rows / 2;

        model.ZeroGradients(stream);
        for (int part = 0; part < 2; part++)
        {
            model.LoadInput(stream, x.AsMemory(part * half * InputWidth, half * InputWidth), half).Wait();
            stream.Upload(allLabels.AsMemory(part * half, half), labels.All).Wait();
            var output = model.Forward(context, half);
            loss.Forward(stream, output, labels.All, half, model.OutputWidth, losses.All);
            loss.Backward(stream, output, labels.All, half, model.OutputWidth, 1f / Rows, model.OutputGradient(half));
            model.Backward(context, half);
        }

        Approx.Equal(fixture["mlp.grads"], Sequential.Download(stream, model.Gradients.All), Relative, Absolute, "accumulated gradients");
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Sequential_TenSgdMomentumSteps_MatchesTorchLosses(string deviceName)
    {
        var fixture = TorchKernelFixture.File;
        using var device = Create(deviceName);
        using var stream = device.CreateStream();
        using var model = Build(device, stream, "train", "train.params");
        using var labels = Labels(device, stream);
        using var losses = device.Allocate(Rows);
        using var momentum = device.Allocate(model.Layout.Length);
        double[] expected = fixture["train.losses"];

        var recorded = new float[expected.Length];
        for (int step = 1; step <= expected.Length; step++)
        {
            recorded[step - 1] = (float)Pass(model, stream, labels, losses).Loss;
            var update = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.1f, Step = step, Momentum = 0.9 };
            stream.OptimizerStep(update, model.Parameters.All, model.Gradients.All, momentum.All, default, default);
        }

        Approx.Equal(expected, recorded, Relative, Absolute, "losses per step");
        Approx.Equal(fixture["train.final"], Sequential.Download(stream, model.Parameters.All), Relative, Absolute, "parameters after ten steps");
    }
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// Each layer's backward against central differences on the reference device (double inside, float32 storage) and on
/// the CPU device (float32 SIMD kernels); see
/// <see cref="GradientCheck"/> for epsilon and tolerance. The scalar is the MSE against random targets, whose own
/// gradient is checked in <see cref="LossGradientTests"/>.
/// </summary>
public sealed class LayerGradientTests
{
    public static TheoryData<string> Devices => HostDevices.Names;

    private static IDevice Create(string device) => HostDevices.Create(device);

    private static void Check(string device, int inputWidth, Layer[] layers, int rows = 4)
    {
        using var check = new GradientCheck(Create(device), inputWidth, layers, new MeanSquaredError(), rows);
        check.AssertGradientsMatch();
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Dense_WeightBiasAndInput_MatchCentralDifferences(string device) => Check(device, 4, [new Dense(3)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void Relu_Input_MatchesCentralDifferences(string device) => Check(device, 5, [new ActivationLayer(Activation.Relu)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void LeakyRelu_Input_MatchesCentralDifferences(string device) => Check(device, 5, [new ActivationLayer(Activation.LeakyRelu(0.2f))]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void Sigmoid_Input_MatchesCentralDifferences(string device) => Check(device, 5, [new ActivationLayer(Activation.Sigmoid)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void Tanh_Input_MatchesCentralDifferences(string device) => Check(device, 5, [new ActivationLayer(Activation.Tanh)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void DenseThenActivations_ParametersThroughActivation_MatchCentralDifferences(string device) =>
        Check(device, 4, [new Dense(5), new ActivationLayer(Activation.Tanh), new Dense(3), new ActivationLayer(Activation.Sigmoid)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void DropoutTraining_FixedKey_MatchesCentralDifferencesAndDropsSome(string device)
    {
        using var check = new GradientCheck(Create(device), 6, [new Dense(8), new Dropout(0.5f)], new MeanSquaredError(), rows: 4);
        check.AssertGradientsMatch();

        // Not vacuous: the mask really drops part of the 4×8 outputs (about half at rate 0.5), not none and not all.
        var output = Sequential.Download(check.Stream, check.Model.Forward(check.Context, check.Rows));
        Assert.InRange(output.Count(v => v == 0f), 4, 28);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void BatchNormTraining_GammaBetaAndInput_MatchCentralDifferences(string device) => Check(device, 3, [new BatchNorm()], rows: 6);

    [Theory]
    [MemberData(nameof(Devices))]
    public void BatchNormTraining_AfterDense_MatchesCentralDifferences(string device) => Check(device, 4, [new Dense(3), new BatchNorm()], rows: 5);

    [Theory]
    [MemberData(nameof(Devices))]
    public void Flatten_BetweenDenseLayers_PassesGradientsThrough(string device) => Check(device, 4, [new Dense(6), new Flatten(), new Dense(3)]);

    [Theory]
    [MemberData(nameof(Devices))]
    public void Flatten_First_InputGradientIsLossGradient(string device) => Check(device, 4, [new Flatten(), new Dense(2)]);
}

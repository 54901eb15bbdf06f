using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// Each layer's backward against central differences on the reference device (double inside, float32 storage); see
/// <see cref="GradientCheck"/> for epsilon and tolerance. The scalar is the MSE against random targets, whose own
/// gradient is checked in <see cref="LossGradientTests"/>.
/// </summary>
public sealed class LayerGradientTests
{
    private static void Check(int inputWidth, Layer[] layers, int rows = 4)
    {
        using var check = new GradientCheck(new ReferenceDevice(), inputWidth, layers, new MeanSquaredError(), rows);
        check.AssertGradientsMatch();
    }

    [Fact]
    public void Dense_WeightBiasAndInput_MatchCentralDifferences() => Check(4, [new Dense(3)]);

    [Fact]
    public void Relu_Input_MatchesCentralDifferences() => Check(5, [new ActivationLayer(Activation.Relu)]);

    [Fact]
    public void LeakyRelu_Input_MatchesCentralDifferences() => Check(5, [new ActivationLayer(Activation.LeakyRelu(0.2f))]);

    [Fact]
    public void Sigmoid_Input_MatchesCentralDifferences() => Check(5, [new ActivationLayer(Activation.Sigmoid)]);

    [Fact]
    public void Tanh_Input_MatchesCentralDifferences() => Check(5, [new ActivationLayer(Activation.Tanh)]);

    [Fact]
    public void DenseThenActivations_ParametersThroughActivation_MatchCentralDifferences() =>
        Check(4, [new Dense(5), new ActivationLayer(Activation.Tanh), new Dense(3), new ActivationLayer(Activation.Sigmoid)]);

    [Fact]
    public void DropoutTraining_FixedKey_MatchesCentralDifferencesAndDropsSome()
    {
        using var check = new GradientCheck(new ReferenceDevice(), 6, [new Dense(8), new Dropout(0.5f)], new MeanSquaredError(), rows: 4);
        check.AssertGradientsMatch();

        // Not vacuous: the mask really drops part of the 4×8 outputs (about half at rate 0.5), not none and not all.
        var output = Sequential.Download(check.Stream, check.Model.Forward(check.Context, check.Rows));
        Assert.InRange(output.Count(v => v == 0f), 4, 28);
    }

    [Fact]
    public void BatchNormTraining_GammaBetaAndInput_MatchCentralDifferences() => Check(3, [new BatchNorm()], rows: 6);

    [Fact]
    public void BatchNormTraining_AfterDense_MatchesCentralDifferences() => Check(4, [new Dense(3), new BatchNorm()], rows: 5);

    [Fact]
    public void Flatten_BetweenDenseLayers_PassesGradientsThrough() => Check(4, [new Dense(6), new Flatten(), new Dense(3)]);

    [Fact]
    public void Flatten_First_InputGradientIsLossGradient() => Check(4, [new Flatten(), new Dense(2)]);
}

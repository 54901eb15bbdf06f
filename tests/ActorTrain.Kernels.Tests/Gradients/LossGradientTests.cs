using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// Each loss's backward (with scale 1/rows, the gradient of the batch mean) against central differences of the mean
/// loss, on the reference device. The model is an identity layer, so the input gradient is the loss gradient itself;
/// a dense layer in front checks the same through parameters. Tolerances: <see cref="GradientCheck"/>.
/// </summary>
public sealed class LossGradientTests
{
    public static TheoryData<string> Losses => ["softmax-cross-entropy", "mse", "bce-with-logits"];

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_Logits_MatchCentralDifferences(string loss)
    {
        using var check = new GradientCheck(new ReferenceDevice(), 5, [new ActivationLayer(Activation.Identity)], Loss.Parse(loss), rows: 4);
        check.AssertGradientsMatch();
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_AfterDense_ParametersMatchCentralDifferences(string loss)
    {
        using var check = new GradientCheck(new ReferenceDevice(), 3, [new Dense(4)], Loss.Parse(loss), rows: 5, seed: 2);
        check.AssertGradientsMatch();
    }
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// A whole model, Dense → BatchNorm → ReLU → Dropout → Dense + softmax cross-entropy, through Sequential.Forward and
/// Backward: every parameter and input gradient against central differences, on the reference and the CPU device.
/// Tolerances: <see cref="GradientCheck"/>.
/// </summary>
public sealed class ModelGradientTests
{
    /// <summary>
    /// Seed whose random parameters and inputs leave every ReLU input at least <see cref="KinkMargin"/> from 0, so no
    /// step of ε in one weight or input (which moves a normalised value by at most ~0.08 here) crosses the kink.
    /// </summary>
    private const int Seed = 243;
    private const float KinkMargin = 0.1f;

    public static TheoryData<string> Devices => HostDevices.Names;

    private static IDevice Create(string device) => HostDevices.Create(device);

    private static Layer[] Layers() => [new Dense(6), new BatchNorm(), new ActivationLayer(Activation.Relu), new Dropout(0.25f), new Dense(3)];

    [Theory]
    [MemberData(nameof(Devices))]
    public void Sequential_DenseBatchNormReluDropoutDense_MatchesCentralDifferences(string device)
    {
        using var check = new GradientCheck(Create(device), 4, Layers(), new SoftmaxCrossEntropy(), rows: 6, seed: Seed);
        Assert.True(SmallestReluInput(check) >= KinkMargin, $"seed {Seed} puts a ReLU input within {KinkMargin} of its kink");
        check.AssertGradientsMatch();
    }

    /// <summary>Runs the Dense → BatchNorm prefix with the check's parameters and returns min |output|.</summary>
    private static float SmallestReluInput(GradientCheck check)
    {
        using var prefix = new Sequential(check.Model.Device, 4, Layers()[..2], check.Rows);
        check.Stream.Upload(check.Parameters.AsMemory(0, prefix.Layout.Length), prefix.Parameters.All).Wait();
        prefix.LoadInput(check.Stream, check.Input, check.Rows).Wait();
        var z = Sequential.Download(check.Stream, prefix.Forward(check.Context, check.Rows));
        return z.Min(MathF.Abs);
    }
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Tests.Fixtures;

namespace ActorTrain.Kernels.Tests.Optimizers;

/// <summary>
/// Five steps of every optimizer against torch.optim 1.13 (Fixtures/torch_kernels.txt, tools/gen_torch_kernel_fixtures.py),
/// with weight decay, clip_grad_norm_ and clip_grad_value_ on some, on the reference and CPU devices: parameters and
/// state after each step within 1e-5 relative (plus 1e-7 absolute for values near 0). Both sides compute in float32 or
/// better from the same float32 inputs, so they differ by a few ulps per step; a wrong rule is off by far more.
/// β and α are doubles in OptimizerUpdate, so 1 − β2 is torch's 0.001 and Adam's second moment compares at 1e-5 too.
/// </summary>
public sealed class TorchOptimizerParityTests
{
    private const double Relative = 1e-5;
    private const double Absolute = 1e-7;
    private const int Steps = 5;

    /// <summary>The same hyper-parameters as the generator's OPTIMIZERS table, in our terms.</summary>
    private static readonly Dictionary<string, OptimizerUpdate> Cases = new()
    {
        ["sgd"] = new() { Kind = OptimizerKind.Sgd, LearningRate = 0.1f, Step = 1, L2 = 0.01f },
        ["momentum"] = new() { Kind = OptimizerKind.Momentum, LearningRate = 0.1f, Step = 1, Momentum = 0.9, MaxGradientNorm = 1f },
        ["nesterov"] = new() { Kind = OptimizerKind.Nesterov, LearningRate = 0.1f, Step = 1, Momentum = 0.9, L2 = 0.05f, ClipValue = 0.5f },
        ["adagrad"] = new() { Kind = OptimizerKind.Adagrad, LearningRate = 0.1f, Step = 1, Epsilon = 1e-8f, L2 = 0.01f },
        ["rmsprop"] = new() { Kind = OptimizerKind.RmsProp, LearningRate = 0.01f, Step = 1, Alpha = 0.99, Epsilon = 1e-8f, MaxGradientNorm = 0.8f },
        ["adam"] = new() { Kind = OptimizerKind.Adam, LearningRate = 0.01f, Step = 1, L2 = 0.01f },
        ["adamw"] = new() { Kind = OptimizerKind.AdamW, LearningRate = 0.01f, Step = 1, WeightDecay = 0.1f, ClipValue = 0.3f },
    };

    public static TheoryData<string, string> CasesOnDevices()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Cases.Keys)
        {
            data.Add(name, "reference");
            data.Add(name, "cpu");
        }
        return data;
    }

    [Fact]
    public void Fixture_Header_NamesGeneratorAndTorch() =>
        Assert.StartsWith("# generator: tools/gen_torch_kernel_fixtures.py; torch 1.13", TorchKernelFixture.File.Header);

    [Fact]
    public void Fixture_Cases_AreExactlyTheOnesTested() =>
        Assert.Equal(Cases.Keys.Order(), TorchKernelFixture.File.Keys.Where(k => k.StartsWith("opt.") && k.EndsWith(".p0")).Select(k => k.Split('.')[1]).Order());

    [Theory]
    [MemberData(nameof(CasesOnDevices))]
    public void OptimizerStep_FiveSteps_MatchesTorch(string name, string deviceName)
    {
        var fixture = TorchKernelFixture.File;
        string key = $"opt.{name}";
        using IDevice device = deviceName == "cpu" ? new CpuDevice() : new ReferenceDevice();
        using var stream = device.CreateStream();
        float[] initial = fixture.Floats($"{key}.p0");
        int n = initial.Length, states = OptimizerUpdate.StateVectors(Cases[name].Kind);
        using var parameters = device.Allocate(n);
        using var gradients = device.Allocate(n);
        using var state1 = device.Allocate(n);
        using var state2 = device.Allocate(n);
        using var normSquared = device.Allocate(1);
        stream.Upload(initial, parameters.All).Wait();

        for (int k = 1; k <= Steps; k++)
        {
            var update = Cases[name] with { Step = k };
            stream.Upload(fixture.Floats($"{key}.g{k}"), gradients.All).Wait();
            if (update.MaxGradientNorm > 0f) stream.SumOfSquares(gradients.All, 0f, normSquared.All);
            stream.OptimizerStep(update, parameters.All, gradients.All, state1.All, state2.All, normSquared.All);

            Approx.Equal(fixture[$"{key}.p{k}"], Sequential.Download(stream, parameters.All), Relative, Absolute, $"{name} step {k} parameters");
            if (states >= 1) Approx.Equal(fixture[$"{key}.s1_{k}"], Sequential.Download(stream, state1.All), Relative, Absolute, $"{name} step {k} state 1");
            if (states >= 2) Approx.Equal(fixture[$"{key}.s2_{k}"], Sequential.Download(stream, state2.All), Relative, Absolute, $"{name} step {k} state 2");
        }
    }
}

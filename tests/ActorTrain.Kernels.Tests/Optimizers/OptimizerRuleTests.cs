using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Tests.Fixtures;

namespace ActorTrain.Kernels.Tests.Optimizers;

/// <summary>
/// Two steps of each published update rule on a 3-element vector, worked out by hand, on the reference and CPU
/// devices. Every case starts at p = [1, −2, 0.5] with gradients g1 = [0.5, −1, 2] then g2 = [1, 0.5, −0.5].
/// Tolerance 1e-6 relative plus 1e-6 absolute (float32 storage; ε = 1e-8 shifts nothing at that level).
/// </summary>
public sealed class OptimizerRuleTests
{
    private const double Tolerance = 1e-6;
    private static readonly float[] P0 = [1f, -2f, 0.5f];
    private static readonly float[] G1 = [0.5f, -1f, 2f];
    private static readonly float[] G2 = [1f, 0.5f, -0.5f];

    public static TheoryData<string> Devices => ["reference", "cpu"];

    /// <summary>Runs two steps with the given (possibly accumulated) gradients and checks p after each.</summary>
    private static void AssertTwoSteps(string deviceName, OptimizerUpdate update, double[] expected1, double[] expected2, float[]? g1 = null, float[]? g2 = null)
    {
        using IDevice device = deviceName == "cpu" ? new CpuDevice() : new ReferenceDevice();
        using var stream = device.CreateStream();
        using var p = device.Allocate(3);
        using var g = device.Allocate(3);
        using var s1 = device.Allocate(3);
        using var s2 = device.Allocate(3);
        using var normSquared = device.Allocate(1);
        stream.Upload(P0, p.All).Wait();
        double[][] expected = [expected1, expected2];
        float[][] gradients = [g1 ?? G1, g2 ?? G2];
        for (int k = 1; k <= 2; k++)
        {
            stream.Upload(gradients[k - 1], g.All).Wait();
            stream.SumOfSquares(g.All, 0f, normSquared.All); // Σ grad² of the raw gradient, as a trainer does before clipping
            stream.OptimizerStep(update with { Step = k }, p.All, g.All, s1.All, s2.All, normSquared.All);
            Approx.Equal(expected[k - 1], Sequential.Download(stream, p.All), Tolerance, Tolerance, $"{update.Kind} p after step {k}");
        }
    }

    private static OptimizerUpdate Sgd => new() { Kind = OptimizerKind.Sgd, LearningRate = 0.1f, Step = 1 };

    // p1 = p − 0.1·g1 = [0.95, −1.9, 0.3];  p2 = p1 − 0.1·g2 = [0.85, −1.95, 0.35]
    [Theory]
    [MemberData(nameof(Devices))]
    public void Sgd_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd, [0.95, -1.9, 0.3], [0.85, -1.95, 0.35]);

    // v1 = g1; p1 = [0.95, −1.9, 0.3];  v2 = 0.9·v1 + g2 = [1.45, −0.4, 1.3];  p2 = p1 − 0.1·v2 = [0.805, −1.86, 0.17]
    [Theory]
    [MemberData(nameof(Devices))]
    public void Momentum_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.Momentum, Momentum = 0.9 }, [0.95, -1.9, 0.3], [0.805, -1.86, 0.17]);

    // v1 = g1; p1 = p − 0.1·(g1 + 0.9·v1) = p − 0.19·g1 = [0.905, −1.81, 0.12]
    // v2 = [1.45, −0.4, 1.3]; g2 + 0.9·v2 = [2.305, 0.14, 0.67]; p2 = [0.6745, −1.824, 0.053]
    [Theory]
    [MemberData(nameof(Devices))]
    public void Nesterov_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.Nesterov, Momentum = 0.9 }, [0.905, -1.81, 0.12], [0.6745, -1.824, 0.053]);

    // s1 = g1² = [0.25, 1, 4]; p1 = p − 0.1·g1/√s1 = p − 0.1·sign(g1) = [0.9, −1.9, 0.4]
    // s2 = s1 + g2² = [1.25, 1.25, 4.25]; p2 = p1 − 0.1·g2/√s2 = [0.9 − 0.1/1.1180340, −1.9 − 0.05/1.1180340, 0.4 + 0.05/2.0615528]
    //    = [0.81055728, −1.94472136, 0.42425356]
    [Theory]
    [MemberData(nameof(Devices))]
    public void Adagrad_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.Adagrad }, [0.9, -1.9, 0.4], [0.81055728, -1.94472136, 0.42425356]);

    // s1 = 0.01·g1² = [0.0025, 0.01, 0.04], √s1 = [0.05, 0.1, 0.2]; p1 = p − 0.01·[10, −10, 10] = [0.9, −1.9, 0.4]
    // s2 = 0.99·s1 + 0.01·g2² = [0.012475, 0.0124, 0.0421]; p2 = p1 − 0.01·g2/√s2 = [0.81046770, −1.94490133, 0.42436851]
    [Theory]
    [MemberData(nameof(Devices))]
    public void RmsProp_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.RmsProp, LearningRate = 0.01f, Alpha = 0.99 },
            [0.9, -1.9, 0.4], [0.81046770, -1.94490133, 0.42436851]);

    // Step 1: m̂ = g1, v̂ = g1², so p1 = p − 0.1·sign(g1) = [0.9, −1.9, 0.4].
    // Step 2: m = 0.09·g1 + 0.1·g2 = [0.145, −0.04, 0.13], m̂ = m/0.19; v = 0.000999·g1² + 0.001·g2² = [0.00124975,
    // 0.001249, 0.004246], v̂ = v/0.001999; p2 = p1 − 0.1·m̂/(√v̂ + ε) = [0.80348180, −1.87336630, 0.35305318]
    [Theory]
    [MemberData(nameof(Devices))]
    public void Adam_TwoSteps_FollowsPublishedRule(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.Adam }, [0.9, -1.9, 0.4], [0.80348180, -1.87336630, 0.35305318]);

    // As Adam, with p multiplied by (1 − 0.1·0.1) = 0.99 before each update:
    // p1 = 0.99·p − 0.1·sign(g1) = [0.89, −1.88, 0.395]; p2 = 0.99·p1 − (Adam's step 2) = [0.78458180, −1.83456630, 0.34410318]
    [Theory]
    [MemberData(nameof(Devices))]
    public void AdamW_TwoSteps_DecaysWeightsDecoupled(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.AdamW, WeightDecay = 0.1f }, [0.89, -1.88, 0.395], [0.78458180, -1.83456630, 0.34410318]);

    // Four micro-batches whose gradients sum to 4·g: GradientScale 1/4 turns the sum into the mean, so momentum
    // follows exactly the single-batch trajectory [0.95, −1.9, 0.3] → [0.805, −1.86, 0.17].
    [Theory]
    [MemberData(nameof(Devices))]
    public void GradientScale_AccumulatedMicroBatches_EqualsMeanGradient(string device) =>
        AssertTwoSteps(device, Sgd with { Kind = OptimizerKind.Momentum, Momentum = 0.9, GradientScale = 0.25f },
            [0.95, -1.9, 0.3], [0.805, -1.86, 0.17], SumOfMicroBatches(G1), SumOfMicroBatches(G2));

    /// <summary>g + d, g − d, g + 2d, g − 2d: four unequal micro-batch gradients whose sum is 4·g.</summary>
    private static float[] SumOfMicroBatches(float[] g)
    {
        float[] d = [0.25f, -0.5f, 0.125f];
        var sum = new float[g.Length];
        foreach (float sign in new[] { 1f, -1f, 2f, -2f })
            for (int i = 0; i < g.Length; i++) sum[i] += g[i] + sign * d[i];
        return sum;
    }

    // ‖g1‖ = √5.25 = 2.2912878 > 1.5: g1 is scaled by 1.5/(2.2912878 + 1e-6) = 0.65465338;
    // p1 = p − 0.1·0.65465338·g1 = [0.96726733, −1.93453466, 0.36906932]
    // ‖g2‖ = √1.5 = 1.2247449 < 1.5: not clipped; p2 = p1 − 0.1·g2 = [0.86726733, −1.98453466, 0.41906932]
    [Theory]
    [MemberData(nameof(Devices))]
    public void ClipGlobalNorm_AboveThenBelowMax_ScalesOnlyTheLargeGradient(string device) =>
        AssertTwoSteps(device, Sgd with { MaxGradientNorm = 1.5f }, [0.96726733, -1.93453466, 0.36906932], [0.86726733, -1.98453466, 0.41906932]);

    // The op reads Σ grad² of the raw sum 4·g (84 for g1) and clips the norm after GradientScale: 0.25·√84 = ‖g1‖,
    // so the trajectory equals the clipped single-batch one above.
    [Theory]
    [MemberData(nameof(Devices))]
    public void ClipGlobalNorm_WithGradientScale_ClipsTheScaledNorm(string device) =>
        AssertTwoSteps(device, Sgd with { MaxGradientNorm = 1.5f, GradientScale = 0.25f },
            [0.96726733, -1.93453466, 0.36906932], [0.86726733, -1.98453466, 0.41906932], Scaled(G1, 4f), Scaled(G2, 4f));

    private static float[] Scaled(float[] g, float factor) => Array.ConvertAll(g, v => v * factor);

    // clamp to ±0.75: g1 → [0.5, −0.75, 0.75], p1 = [0.95, −1.925, 0.425]; g2 → [0.75, 0.5, −0.5], p2 = [0.875, −1.975, 0.475]
    [Theory]
    [MemberData(nameof(Devices))]
    public void ClipValue_LargeElements_ClampedBeforeUpdate(string device) =>
        AssertTwoSteps(device, Sgd with { ClipValue = 0.75f }, [0.95, -1.925, 0.425], [0.875, -1.975, 0.475]);

    // g + 0.1·p: [0.6, −1.2, 2.05], p1 = [0.94, −1.88, 0.295]; g2 + 0.1·p1 = [1.094, 0.312, −0.4705], p2 = [0.8306, −1.9112, 0.34205]
    [Theory]
    [MemberData(nameof(Devices))]
    public void L2_TwoSteps_AddsCoefficientTimesWeight(string device) =>
        AssertTwoSteps(device, Sgd with { L2 = 0.1f }, [0.94, -1.88, 0.295], [0.8306, -1.9112, 0.34205]);

    // g + 0.1·sign(p): [0.6, −1.1, 2.1], p1 = [0.94, −1.89, 0.29]; g2 + 0.1·sign(p1) = [1.1, 0.4, −0.4], p2 = [0.83, −1.93, 0.33]
    [Theory]
    [MemberData(nameof(Devices))]
    public void L1_TwoSteps_AddsCoefficientTimesSign(string device) =>
        AssertTwoSteps(device, Sgd with { L1 = 0.1f }, [0.94, -1.89, 0.29], [0.83, -1.93, 0.33]);

    // g + 0.1·p + 0.1·sign(p): [0.7, −1.3, 2.15], p1 = [0.93, −1.87, 0.285];
    // g2 + 0.1·p1 + 0.1·sign(p1) = [1.193, 0.213, −0.3715], p2 = [0.8107, −1.8913, 0.32215]
    [Theory]
    [MemberData(nameof(Devices))]
    public void ElasticNet_TwoSteps_AddsBothPenalties(string device) =>
        AssertTwoSteps(device, Sgd with { L1 = 0.1f, L2 = 0.1f }, [0.93, -1.87, 0.285], [0.8107, -1.8913, 0.32215]);
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Every optimizer, with and without coupled L2/L1, clipping by value and by global norm, over five steps with a new
/// gradient each step; parameters and state are compared after every step. Tolerance: relative 1e-5 plus 1e-6 absolute —
/// each step adds a few float roundings of weights of order 1 (≈ u each), so five steps stay near 1e-6 relative, while
/// a wrong coefficient, a missed bias correction or a clip applied in the wrong place is off by far more.
/// </summary>
public abstract partial class DeviceContractTests
{
    private const int OptimizerSteps = 5;

    /// <summary>Regularisation and clipping variants, applied on top of each optimizer's defaults.</summary>
    public enum Regularisation
    {
        None,
        L2,
        L1,
        ElasticNet,
        ClipValue,
        ClipNormActive,
        ClipNormInactive,
    }

    public static TheoryData<OptimizerKind, Regularisation> OptimizerCases()
    {
        var data = new TheoryData<OptimizerKind, Regularisation>();
        foreach (var kind in Enum.GetValues<OptimizerKind>())
        foreach (var variant in Enum.GetValues<Regularisation>())
            data.Add(kind, variant);
        return data;
    }

    private static OptimizerUpdate Update(OptimizerKind kind, Regularisation variant, long step) => new()
    {
        Kind = kind,
        LearningRate = kind is OptimizerKind.Adam or OptimizerKind.AdamW ? 0.01f : 0.05f,
        Step = step,
        WeightDecay = kind == OptimizerKind.AdamW ? 0.02f : 0f,
        L2 = variant is Regularisation.L2 or Regularisation.ElasticNet ? 0.01f : 0f,
        L1 = variant is Regularisation.L1 or Regularisation.ElasticNet ? 0.003f : 0f,
        ClipValue = variant == Regularisation.ClipValue ? 0.5f : 0f,
        GradientScale = variant is Regularisation.ClipNormActive or Regularisation.ClipNormInactive ? 0.5f : 1f,
        MaxGradientNorm = variant switch { Regularisation.ClipNormActive => 0.3f, Regularisation.ClipNormInactive => 1e6f, _ => 0f },
        Momentum = 0.8f,
    };

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void OptimizerStep_SeveralSteps_MatchesReference(OptimizerKind kind, Regularisation variant)
    {
        foreach (int length in new[] { 1, 7, 17, 129 })
        {
            using var pair = Pair(70);
            float[] initial = pair.GaussianValues(length);
            initial[0] = 0f; // sign(0) = 0: L1 must leave an exact zero's gradient alone
            var parameters = pair.Upload(initial);
            var gradients = pair.Gaussian(length);
            int states = OptimizerUpdate.StateVectors(kind);
            var state1 = pair.Filled(states >= 1 ? length : 0, 0f);
            var state2 = pair.Filled(states >= 2 ? length : 0, 0f);
            var normSquared = pair.Filled(1, float.NaN);

            for (int step = 1; step <= OptimizerSteps; step++)
            {
                float[] g = pair.GaussianValues(length);
                gradients.Set(g);
                normSquared.Set([(float)g.Sum(v => (double)v * v)]);
                var update = Update(kind, variant, step);

                pair.Run(s => s.OptimizerStep(update, parameters.On(s), gradients.On(s), state1.On(s), state2.On(s), normSquared.On(s)));

                string what = $"{kind} {variant} n={length} step {step}";
                Tolerance.AssertClose(parameters.Expected(), parameters.Actual(), 1e-5, 1e-6, $"{what} parameters");
                Tolerance.AssertClose(state1.Expected(), state1.Actual(), 1e-5, 1e-6, $"{what} first state");
                Tolerance.AssertClose(state2.Expected(), state2.Actual(), 1e-5, 1e-6, $"{what} second state");
                Assert.Equal(g, gradients.Actual()); // the gradient is an input: the update must not scale or clip it in place
            }
        }
    }

    [Fact]
    public void OptimizerStep_AdamFirstStep_MovesEachWeightByLearningRateAgainstGradientSign()
    {
        const int n = 33;
        using var pair = Pair(71);
        float[] w0 = pair.GaussianValues(n), g = pair.GaussianValues(n);
        var (p, grad, m, v, norm) = (pair.Upload(w0), pair.Upload(g), pair.Filled(n, 0f), pair.Filled(n, 0f), pair.Filled(1, 0f));

        pair.Run(s => s.OptimizerStep(Update(OptimizerKind.Adam, Regularisation.None, 1), p.On(s), grad.On(s), m.On(s), v.On(s), norm.On(s)));

        // Bias-corrected m̂ = g and v̂ = g² at step 1, so the step is lr·g/(|g| + ε) = lr·sign(g) (Kingma & Ba 2015, §2.1).
        Tolerance.AssertClose(w0.Zip(g, (w, gi) => w - 0.01f * MathF.Sign(gi)).ToArray(), p.Actual(), 1e-6, 1e-7, "adam first step");
    }

    [Fact]
    public void OptimizerStep_SgdClippedByGlobalNorm_StepHasTheMaximumNorm()
    {
        const int n = 129;
        const float maxNorm = 0.25f;
        using var pair = Pair(72);
        float[] w0 = pair.GaussianValues(n), g = pair.GaussianValues(n);
        var (p, grad, norm) = (pair.Upload(w0), pair.Upload(g), pair.Upload([(float)g.Sum(v => (double)v * v)]));
        var empty = pair.Filled(0, 0f);
        var update = new OptimizerUpdate { Kind = OptimizerKind.Sgd, LearningRate = 1f, Step = 1, MaxGradientNorm = maxNorm };

        pair.Run(s => s.OptimizerStep(update, p.On(s), grad.On(s), empty.On(s), empty.On(s), norm.On(s)));

        // With lr = 1 the step is the clipped gradient itself: g·maxNorm/‖g‖, whose norm is maxNorm (torch's clip_grad_norm_).
        double stepNorm = Math.Sqrt(p.Actual().Zip(w0, (w, w0i) => ((double)w - w0i) * (w - w0i)).Sum());
        Assert.Equal(maxNorm, stepNorm, 1e-5);
    }
}

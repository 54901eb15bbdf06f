using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Kernels.Tests.Schedules;

/// <summary>Every schedule against the rates torch.optim.lr_scheduler produced for the same settings (see the fixture's '#' lines).</summary>
public sealed class TorchScheduleParityTests
{
    private const double RelativeTolerance = 1e-6;

    /// <summary>Torch settings per case, mirrored from tools/gen_torch_schedule_fixtures.py.</summary>
    private static readonly Dictionary<string, ILearningRateSchedule> Schedules = new()
    {
        ["step"] = new StepDecay(0.1, 7, 0.5),
        ["multi_step"] = new MultiStepDecay(0.1, [5, 12, 30], 0.3),
        ["exponential"] = new ExponentialDecay(0.1, 0.95),
        ["cosine_restarts_t10"] = new CosineWarmRestarts(0.1, 10, 1, 0.001),
        ["cosine_restarts_t3_mult2"] = new CosineWarmRestarts(0.1, 3, 2, 0.0),
        ["cyclic_triangular"] = new CyclicalSchedule(0.001, 0.006, 4, CyclicalMode.Triangular),
        ["cyclic_triangular_asymmetric"] = new CyclicalSchedule(0.001, 0.006, 3, CyclicalMode.Triangular, stepSizeDown: 7),
        ["cyclic_triangular2"] = new CyclicalSchedule(0.001, 0.006, 5, CyclicalMode.Triangular2),
        ["cyclic_exp_range"] = new CyclicalSchedule(0.001, 0.006, 4, CyclicalMode.ExpRange, 0.97),
        ["polynomial_power2"] = new PolynomialDecay(0.1, 30, 0.0, 2.0),
        ["polynomial_linear"] = new PolynomialDecay(0.1, 20, 0.0, 1.0),
        ["linear_warmup"] = new LinearWarmup(8, new ConstantSchedule(0.1), 0.25),
        ["warmup_then_step"] = new LinearWarmup(5, new StepDecay(0.1, 10, 0.5), 0.1),
    };

    public static TheoryData<string> CaseNames => new(Schedules.Keys);

    [Fact]
    public void Fixture_Header_NamesGeneratorAndTorchVersion()
    {
        Assert.StartsWith("# generator: tools/gen_torch_schedule_fixtures.py; torch 1.13", TorchScheduleFixture.Header);
    }

    [Fact]
    public void Fixture_EveryCase_HasASchedule()
    {
        Assert.Equal(Schedules.Keys.Order(), TorchScheduleFixture.Cases.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void At_EachRecordedStep_MatchesTorchWithinRelativeTolerance(string name)
    {
        double[] expected = TorchScheduleFixture.Cases[name];
        Assert.True(expected.Length >= 50, $"{name}: only {expected.Length} steps recorded");

        for (int step = 0; step < expected.Length; step++)
        {
            double actual = Schedules[name].At(step);
            // Torch's chainable updates leave rounding residue where the formula gives 0 (polynomial's end), hence the tiny absolute floor.
            double tolerance = RelativeTolerance * Math.Abs(expected[step]) + 1e-15;
            Assert.True(
                Math.Abs(actual - expected[step]) <= tolerance,
                $"{name} step {step}: torch {expected[step]:R}, ours {actual:R}");
        }
    }
}

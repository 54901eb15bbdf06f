using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Kernels.Tests.Schedules;

/// <summary>Values worked out by hand from each schedule's published formula, boundaries included.</summary>
public sealed class ScheduleFormulaTests
{
    private const int Digits = 12;

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.1)]
    public void Constant_AnyStep_ReturnsTheRate(long step, double expected)
    {
        Assert.Equal(expected, new ConstantSchedule(0.1).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(2, 0.1)]
    [InlineData(3, 0.05)] // first decay lands on step == stepSize
    [InlineData(5, 0.05)]
    [InlineData(6, 0.025)]
    [InlineData(9, 0.0125)]
    public void StepDecay_At_MultipliesByGammaEveryStepSize(long step, double expected)
    {
        Assert.Equal(expected, new StepDecay(0.1, 3, 0.5).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.1)] // a milestone's own step is already decayed
    [InlineData(4, 0.1)]
    [InlineData(5, 0.01)]
    [InlineData(100, 0.01)]
    public void MultiStepDecay_At_MultipliesByGammaPerPassedMilestone(long step, double expected)
    {
        Assert.Equal(expected, new MultiStepDecay(1.0, [2, 5], 0.1).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(1, 1.0)]
    [InlineData(3, 0.25)]
    [InlineData(10, 2.0 / 1024)]
    public void ExponentialDecay_At_IsLrTimesGammaToTheStep(long step, double expected)
    {
        Assert.Equal(expected, new ExponentialDecay(2.0, 0.5).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.08)] // 0.1 / (1 + 0.5·5/10)
    [InlineData(10, 0.1 / 1.5)]
    [InlineData(20, 0.05)]
    public void InverseTimeDecay_At_DividesByOnePlusRateTimesFraction(long step, double expected)
    {
        Assert.Equal(expected, new InverseTimeDecay(0.1, 0.5, 10).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.0325)] // 0.09·0.5² + 0.01
    [InlineData(9, 0.0109)] // 0.09·0.1² + 0.01
    [InlineData(10, 0.01)]
    [InlineData(20, 0.01)] // held at endLr after totalSteps
    public void PolynomialDecay_At_FollowsPowerCurveThenHoldsEndLr(long step, double expected)
    {
        Assert.Equal(expected, new PolynomialDecay(0.1, 10, 0.01, 2.0).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.85355339059327373)] // (1 + cos(π/4)) / 2
    [InlineData(2, 0.5)]
    [InlineData(3, 0.14644660940672624)] // (1 − cos(π/4)) / 2
    [InlineData(4, 1.0)] // restart
    [InlineData(6, 0.5)]
    public void CosineWarmRestarts_FixedPeriod_AnnealsAndRestarts(long step, double expected)
    {
        Assert.Equal(expected, new CosineWarmRestarts(1.0, 4).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.5)] // period 2
    [InlineData(2, 1.0)] // period 4 starts
    [InlineData(3, 0.85355339059327373)]
    [InlineData(4, 0.5)]
    [InlineData(5, 0.14644660940672624)]
    [InlineData(6, 1.0)] // period 8 starts
    [InlineData(10, 0.5)]
    [InlineData(14, 1.0)] // period 16 starts
    public void CosineWarmRestarts_PeriodMultiplier_LengthensEachPeriod(long step, double expected)
    {
        Assert.Equal(expected, new CosineWarmRestarts(1.0, 2, 2).At(step), Digits);
    }

    [Fact]
    public void CosineWarmRestarts_EtaMin_IsTheFloorOfEachPeriod()
    {
        var schedule = new CosineWarmRestarts(1.1, 4, 1, 0.1);

        Assert.Equal(1.1, schedule.At(0), Digits);
        Assert.Equal(0.6, schedule.At(2), Digits);
        Assert.Equal(0.1 + 1.0 * 0.14644660940672624, schedule.At(3), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.5)] // peak after stepSizeUp
    [InlineData(3, 0.3)]
    [InlineData(4, 0.1)] // next cycle
    [InlineData(6, 0.5)]
    public void Cyclical_Triangular_RisesAndFallsBetweenBaseAndMax(long step, double expected)
    {
        Assert.Equal(expected, new CyclicalSchedule(0.1, 0.5, 2).At(step), Digits);
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(6, 0.3)] // second cycle: amplitude 0.4/2
    [InlineData(10, 0.2)] // third cycle: amplitude 0.4/4
    [InlineData(9, 0.15)] // rising in the third cycle: 0.1 + 0.4·½·¼
    public void Cyclical_Triangular2_HalvesAmplitudeEachCycle(long step, double expected)
    {
        Assert.Equal(expected, new CyclicalSchedule(0.1, 0.5, 2, CyclicalMode.Triangular2).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.28)] // 0.1 + 0.4·½·0.9
    [InlineData(2, 0.424)] // 0.1 + 0.4·0.9²
    [InlineData(6, 0.3125764)] // 0.1 + 0.4·0.9⁶
    public void Cyclical_ExpRange_ScalesAmplitudeByGammaToTheStep(long step, double expected)
    {
        Assert.Equal(expected, new CyclicalSchedule(0.1, 0.5, 2, CyclicalMode.ExpRange, 0.9).At(step), Digits);
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.1 + 0.4 * 2 / 3)]
    [InlineData(3, 0.1 + 0.4 / 3)]
    [InlineData(4, 0.1)]
    public void Cyclical_AsymmetricHalves_FallsOverStepSizeDown(long step, double expected)
    {
        Assert.Equal(expected, new CyclicalSchedule(0.1, 0.5, 1, stepSizeDown: 3).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.05)]
    [InlineData(3, 0.15)]
    [InlineData(4, 0.2)]
    [InlineData(40, 0.2)]
    public void LinearWarmup_FromZero_RampsToInnerRate(long step, double expected)
    {
        Assert.Equal(expected, new LinearWarmup(4, new ConstantSchedule(0.2), 0.0).At(step), Digits);
    }

    [Theory]
    [InlineData(0, 0.1)] // startFactor·inner.At(0)
    [InlineData(2, 0.15)]
    [InlineData(4, 0.2)] // hand-over: inner.At(0)
    [InlineData(5, 0.1)] // inner.At(1)
    [InlineData(6, 0.05)] // inner.At(2)
    public void LinearWarmup_ThenInner_ShiftsInnerByWarmupSteps(long step, double expected)
    {
        var schedule = new LinearWarmup(4, new ExponentialDecay(0.2, 0.5), 0.5);

        Assert.Equal(expected, schedule.At(step), Digits);
    }

    [Theory]
    [InlineData(0.1, 8192, 256, 3.2)] // Goyal et al.: 0.1 per 256 images gives 3.2 at 8k
    [InlineData(0.1, 256, 256, 0.1)]
    [InlineData(0.1, 128, 256, 0.05)]
    public void LinearScaling_Scale_IsProportionalToBatchSize(double baseLr, int batch, int baseBatch, double expected)
    {
        Assert.Equal(expected, LinearScaling.Scale(baseLr, batch, baseBatch), Digits);
    }
}

using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Kernels.Tests.Schedules;

public sealed class ScheduleValidationTests
{
    public static TheoryData<string, Func<object>> BadArguments => new()
    {
        { "gamma", () => new StepDecay(0.1, 10, -0.5) },
        { "stepSize", () => new StepDecay(0.1, 0, 0.5) },
        { "lr", () => new StepDecay(-0.1, 10, 0.5) },
        { "gamma", () => new ExponentialDecay(0.1, 0.0) },
        { "gamma", () => new MultiStepDecay(0.1, [1, 2], double.NaN) },
        { "milestones", () => new MultiStepDecay(0.1, [5, 3], 0.1) },
        { "milestones", () => new MultiStepDecay(0.1, [0, 3], 0.1) },
        { "decaySteps", () => new InverseTimeDecay(0.1, 0.5, 0) },
        { "decayRate", () => new InverseTimeDecay(0.1, -0.5, 10) },
        { "totalSteps", () => new PolynomialDecay(0.1, 0) },
        { "power", () => new PolynomialDecay(0.1, 10, 0.0, 0.0) },
        { "t0", () => new CosineWarmRestarts(0.1, 0) },
        { "tMult", () => new CosineWarmRestarts(0.1, 10, 0) },
        { "etaMin", () => new CosineWarmRestarts(0.1, 10, 1, -1e-3) },
        { "maxLr", () => new CyclicalSchedule(0.1, 0.01, 4) },
        { "stepSizeUp", () => new CyclicalSchedule(0.01, 0.1, 0) },
        { "stepSizeDown", () => new CyclicalSchedule(0.01, 0.1, 4, stepSizeDown: 0) },
        { "gamma", () => new CyclicalSchedule(0.01, 0.1, 4, CyclicalMode.ExpRange, -1.0) },
        { "warmupSteps", () => new LinearWarmup(0, new ConstantSchedule(0.1), 0.1) },
        { "startFactor", () => new LinearWarmup(5, new ConstantSchedule(0.1), 1.5) },
        { "batchSize", () => LinearScaling.Scale(0.1, 0, 256) },
        { "baseBatchSize", () => LinearScaling.Scale(0.1, 256, -1) },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Constructor_InvalidArgument_ThrowsNamingTheParameter(string parameter, Func<object> create)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(create);

        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void At_NegativeStep_Throws()
    {
        ILearningRateSchedule[] schedules =
        [
            new ConstantSchedule(0.1), new StepDecay(0.1, 2, 0.5), new MultiStepDecay(0.1, [3], 0.5), new ExponentialDecay(0.1, 0.9),
            new InverseTimeDecay(0.1, 1, 1), new PolynomialDecay(0.1, 5), new CosineWarmRestarts(0.1, 3, 2),
            new CyclicalSchedule(0.01, 0.1, 3), new LinearWarmup(3, new ConstantSchedule(0.1), 0.5),
        ];

        Assert.All(schedules, s => Assert.Throws<ArgumentOutOfRangeException>(() => s.At(-1)));
    }

    [Fact]
    public void CosineWarmRestarts_StepFarAhead_StaysOnItsPeriod()
    {
        // t0 = 1, tMult = 2: periods start at 2^k − 1, so step 2^40 − 1 opens a period and is back at lr.
        var schedule = new CosineWarmRestarts(1.0, 1, 2);

        Assert.Equal(1.0, schedule.At((1L << 40) - 1), 12);
    }
}

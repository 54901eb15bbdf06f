using ActorTrain.Kernels.Schedules;

namespace ActorTrain.Kernels.Tests.Schedules;

public sealed class LearningRateScheduleFactoryTests
{
    private static ILearningRateSchedule Create(string kind, double lr, params (string Key, string Value)[] parameters) =>
        LearningRateSchedule.Create(kind, lr, parameters.ToDictionary(p => p.Key, p => p.Value));

    [Fact]
    public void Create_EachKind_BuildsTheMatchingSchedule()
    {
        Assert.Equal(0.1, Create("constant", 0.1).At(100), 12);
        Assert.Equal(0.05, Create("step", 0.1, ("step-size", "3"), ("gamma", "0.5")).At(3), 12);
        Assert.Equal(0.01, Create("multi-step", 1.0, ("milestones", "2, 5"), ("gamma", "0.1")).At(5), 12);
        Assert.Equal(0.25, Create("exponential", 2.0, ("gamma", "0.5")).At(3), 12);
        Assert.Equal(0.05, Create("inverse-time", 0.1, ("decay-rate", "0.5"), ("decay-steps", "10")).At(20), 12);
        Assert.Equal(0.0325, Create("polynomial", 0.1, ("total-steps", "10"), ("end-lr", "0.01"), ("power", "2")).At(5), 12);
        Assert.Equal(0.5, Create("sgdr", 1.0, ("t0", "2"), ("t-mult", "2")).At(4), 12);
        Assert.Equal(0.5, Create("cosine-restarts", 1.0, ("t0", "4")).At(2), 12);
        Assert.Equal(0.424, Create("cyclical", 0.1, ("max-lr", "0.5"), ("step-size-up", "2"), ("mode", "exp-range"), ("gamma", "0.9")).At(2), 12);
        Assert.Equal(0.3, Create("cyclic", 0.1, ("max-lr", "0.5"), ("step-size-up", "2"), ("mode", "Triangular2")).At(6), 12);
        Assert.Equal(0.1 + 0.4 / 3, Create("cyclical", 0.1, ("max-lr", "0.5"), ("step-size-up", "1"), ("step-size-down", "3")).At(3), 12);
    }

    [Fact]
    public void Create_WarmupSteps_WrapsInLinearWarmup()
    {
        var schedule = Create("exponential", 0.2, ("gamma", "0.5"), ("warmup-steps", "4"), ("warmup-start-factor", "0.5"));

        Assert.Equal(0.1, schedule.At(0), 12);
        Assert.Equal(0.2, schedule.At(4), 12);
        Assert.Equal(0.1, schedule.At(5), 12);
    }

    [Fact]
    public void Create_UnknownKind_ThrowsListingValidKinds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Create("cosine", 0.1));

        Assert.Contains("'cosine'", ex.Message);
        Assert.Contains("multi-step", ex.Message);
        Assert.Contains("cyclical", ex.Message);
    }

    [Theory]
    [InlineData("step", "gamma", "step-size", "3")]
    [InlineData("step", "step-size", "gamma", "0.5")]
    [InlineData("cyclical", "max-lr", "step-size-up", "4")]
    [InlineData("multi-step", "milestones", "gamma", "0.5")]
    public void Create_MissingParameter_ThrowsNamingIt(string kind, string missing, string givenKey, string givenValue)
    {
        var ex = Assert.Throws<ArgumentException>(() => Create(kind, 0.1, (givenKey, givenValue)));

        Assert.Contains($"'{missing}' is required", ex.Message);
    }

    [Theory]
    [InlineData("step", "step-size=3", "gamma=-0.5")]
    [InlineData("step", "step-size=0", "gamma=0.5")]
    [InlineData("step", "step-size=1.5", "gamma=0.5")]
    [InlineData("step", "step-size=3", "gamma=fast")]
    [InlineData("exponential", "gamma=0")]
    [InlineData("cyclical", "max-lr=1", "step-size-up=2", "mode=sawtooth")]
    [InlineData("polynomial", "total-steps=10", "power=-1")]
    [InlineData("exponential", "gamma=0.5", "warmup-steps=-3")]
    [InlineData("exponential", "gamma=0.5", "warmup-start-factor=0.1")]
    [InlineData("exponential", "gamma=0.5", "warmup-steps=4", "warmup-start-factor=2")]
    public void Create_InvalidParameter_ThrowsNamingTheKind(string kind, params string[] pairs)
    {
        var parameters = pairs.Select(p => p.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

        var ex = Assert.ThrowsAny<ArgumentException>(() => LearningRateSchedule.Create(kind, 0.1, parameters));

        Assert.Contains($"'{kind}'", ex.Message);
    }

    [Fact]
    public void Create_UnknownParameter_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => Create("step", 0.1, ("step_size", "3"), ("step-size", "3"), ("gamma", "0.5")));

        Assert.Contains("'step_size'", ex.Message);
    }
}

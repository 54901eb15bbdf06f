using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.Initializers;

/// <summary>
/// Sample moments over 100k draws against the published formulas (Glorot &amp; Bengio 2010, He et al. 2015,
/// LeCun 1998, as in torch.nn.init). Tolerance: 5 standard errors of the estimator, so a correct
/// implementation fails with probability below 1e-6 per check while a wrong variance formula (a missing
/// factor 2 or a fan-in/fan-out mix-up, off by 25% or more here) fails for sure.
/// </summary>
public sealed class InitializerDistributionTests
{
    private const int Draws = 100_000;
    private const int FanIn = 250;
    private const int FanOut = 150;
    private const double Sigmas = 5.0;

    public enum Shape
    {
        Normal,
        Uniform,
    }

    // Expected variance and bounds written from the formulas, not from the code's own helpers.
    private static readonly Dictionary<string, (IInitializer Init, double Mean, double Variance, Shape Shape)> Cases = new()
    {
        ["normal(0.5,0.01)"] = (new NormalInitializer(0.5, 0.01), 0.5, 1e-4, Shape.Normal),
        ["uniform(-0.1,0.3)"] = (new UniformInitializer(-0.1, 0.3), 0.1, 0.4 * 0.4 / 12.0, Shape.Uniform),
        ["xavier-uniform"] = (new XavierUniformInitializer(), 0.0, 2.0 / 400.0, Shape.Uniform),
        ["xavier-uniform(gain=2)"] = (new XavierUniformInitializer(2.0), 0.0, 4.0 * 2.0 / 400.0, Shape.Uniform),
        ["xavier-normal"] = (new XavierNormalInitializer(), 0.0, 2.0 / 400.0, Shape.Normal),
        ["xavier-normal(gain=0.5)"] = (new XavierNormalInitializer(0.5), 0.0, 0.25 * 2.0 / 400.0, Shape.Normal),
        ["he-normal"] = (new HeNormalInitializer(), 0.0, 2.0 / FanIn, Shape.Normal),
        ["he-normal(fan-out)"] = (new HeNormalInitializer(0.0, FanMode.FanOut), 0.0, 2.0 / FanOut, Shape.Normal),
        ["he-normal(slope=0.2)"] = (new HeNormalInitializer(0.2), 0.0, 2.0 / (1.04 * FanIn), Shape.Normal),
        ["he-uniform"] = (new HeUniformInitializer(), 0.0, 2.0 / FanIn, Shape.Uniform),
        ["he-uniform(slope=0.2,fan-out)"] = (new HeUniformInitializer(0.2, FanMode.FanOut), 0.0, 2.0 / (1.04 * FanOut), Shape.Uniform),
        ["lecun-normal"] = (new LeCunNormalInitializer(), 0.0, 1.0 / FanIn, Shape.Normal),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    public static TheoryData<string> UniformCaseNames => new(Cases.Where(c => c.Value.Shape == Shape.Uniform).Select(c => c.Key));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Fill_ManyDraws_MeanWithinFiveStandardErrors(string name)
    {
        var (init, mean, variance, _) = Cases[name];
        double[] w = Draw(init, seed: 42);

        double standardError = Math.Sqrt(variance / Draws);
        Assert.InRange(w.Average(), mean - Sigmas * standardError, mean + Sigmas * standardError);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Fill_ManyDraws_VarianceWithinFiveStandardErrors(string name)
    {
        var (init, mean, variance, shape) = Cases[name];
        double[] w = Draw(init, seed: 43);

        // Var(s²) ≈ (μ4 − σ⁴)/n; μ4 = 3σ⁴ for a normal, 9σ⁴/5 for a uniform.
        double excess = shape == Shape.Normal ? 2.0 : 0.8;
        double standardError = variance * Math.Sqrt(excess / Draws);
        Assert.InRange(SampleVariance(w), variance - Sigmas * standardError, variance + Sigmas * standardError);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Fill_ManyDraws_ShapeMatchesDistribution(string name)
    {
        var (init, mean, variance, shape) = Cases[name];
        double[] w = Draw(init, seed: 44);
        double std = Math.Sqrt(variance);

        // P(|x − μ| < σ) is 0.6827 for a normal and 1/√3 = 0.5774 for a uniform: tells the two apart.
        double p = shape == Shape.Normal ? 0.682689492 : 1.0 / Math.Sqrt(3.0);
        double within = w.Count(x => Math.Abs(x - mean) < std) / (double)Draws;
        double standardError = Math.Sqrt(p * (1 - p) / Draws);
        Assert.InRange(within, p - Sigmas * standardError, p + Sigmas * standardError);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Fill_ManyDraws_NeighboursUncorrelated(string name)
    {
        var (init, _, _, _) = Cases[name];
        double[] w = Draw(init, seed: 46);

        // Normals come in Box–Muller pairs: a pairing bug (a value reused, a shared radius leaking) shows as lag-1
        // correlation. Under independence the sample correlation has standard error 1/√n.
        double mean = w.Average();
        double lagged = 0, squares = 0;
        for (int i = 0; i + 1 < w.Length; i++) lagged += (w[i] - mean) * (w[i + 1] - mean);
        foreach (double x in w) squares += (x - mean) * (x - mean);
        Assert.InRange(lagged / squares, -Sigmas / Math.Sqrt(Draws), Sigmas / Math.Sqrt(Draws));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1001)]
    public void Fill_OddLength_FillsTheLastWeight(int length)
    {
        var w = new float[length];
        w.AsSpan().Fill(float.NaN);

        new XavierNormalInitializer().Fill(w, FanIn, FanOut, new SeededRandom(9));

        Assert.All(w, x => Assert.True(float.IsFinite(x) && x != 0f, $"weight {x}"));
    }

    [Theory]
    [MemberData(nameof(UniformCaseNames))]
    public void Fill_UniformKinds_StayWithinBoundsAndReachThem(string name)
    {
        var (init, mean, variance, _) = Cases[name];
        double[] w = Draw(init, seed: 45);

        // A uniform on [μ−h, μ+h] has variance h²/3. Missing the last 0.1% of either end in 100k draws has probability e^-50.
        double half = Math.Sqrt(3.0 * variance);
        double lowest = (float)(mean - half);
        double highest = (float)(mean + half);
        Assert.InRange(w.Min(), lowest, lowest + 1e-3 * half);
        Assert.InRange(w.Max(), highest - 1e-3 * half, highest);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    public void Fill_Constant_SetsEveryWeight(double value)
    {
        var w = new float[1000];
        w.AsSpan().Fill(7f);

        new ConstantInitializer(value).Fill(w, FanIn, FanOut, new SeededRandom(1));

        Assert.All(w, x => Assert.Equal((float)value, x));
    }

    [Fact]
    public void Fill_Zeros_SetsEveryWeightToZero()
    {
        var w = new float[64];
        w.AsSpan().Fill(3f);

        ConstantInitializer.Zeros.Fill(w, FanIn, FanOut, new SeededRandom(1));

        Assert.All(w, x => Assert.Equal(0f, x));
    }

    private static double[] Draw(IInitializer init, ulong seed)
    {
        var w = new float[Draws];
        init.Fill(w, FanIn, FanOut, new SeededRandom(seed));
        return Array.ConvertAll(w, x => (double)x);
    }

    private static double SampleVariance(double[] w)
    {
        double mean = w.Average();
        return w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1);
    }
}

using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// He et al. (2015), "Kaiming" uniform: U(-b, b) with b = gain·√(3/fan), the same variance as
/// <see cref="HeNormalInitializer"/>. As torch.nn.init.kaiming_uniform_ with its default fan_in mode.
/// </summary>
public sealed class HeUniformInitializer : IInitializer
{
    public HeUniformInitializer(double negativeSlope = 0.0, FanMode mode = FanMode.FanIn)
    {
        NegativeSlope = Initializer.RequireFinite(negativeSlope, nameof(negativeSlope), "he-uniform");
        Mode = mode;
    }

    public double NegativeSlope { get; }

    public FanMode Mode { get; }

    public string Name => Initializer.HeName("he-uniform", NegativeSlope, Mode);

    public double Bound(int fanIn, int fanOut) => Initializer.LeakyReluGain(NegativeSlope) * Math.Sqrt(3.0 / Fans.Select(Mode, fanIn, fanOut));

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        double b = Bound(fanIn, fanOut);
        RandomFill.Uniform(weights, -b, b, random);
    }
}

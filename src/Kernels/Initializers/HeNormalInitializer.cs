using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// He et al. (2015), "Kaiming" normal: N(0, std²) with std = gain/√fan and gain = √(2 / (1 + slope²)),
/// the leaky-ReLU gain, since a (leaky) ReLU halves the signal's second moment. As torch.nn.init.kaiming_normal_
/// with its default fan_in mode.
/// </summary>
public sealed class HeNormalInitializer : IInitializer
{
    public HeNormalInitializer(double negativeSlope = 0.0, FanMode mode = FanMode.FanIn)
    {
        NegativeSlope = Initializer.RequireFinite(negativeSlope, nameof(negativeSlope), "he-normal");
        Mode = mode;
    }

    public double NegativeSlope { get; }

    public FanMode Mode { get; }

    public string Name => Initializer.HeName("he-normal", NegativeSlope, Mode);

    public double Std(int fanIn, int fanOut) => Initializer.LeakyReluGain(NegativeSlope) / Math.Sqrt(Fans.Select(Mode, fanIn, fanOut));

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        RandomFill.Normal(weights, 0.0, Std(fanIn, fanOut), random);
    }
}

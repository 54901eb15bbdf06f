using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>N(mean, std²), as torch.nn.init.normal_.</summary>
public sealed class NormalInitializer : IInitializer
{
    public NormalInitializer(double mean, double std)
    {
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "normal: mean must be finite");
        if (!(std >= 0) || !double.IsFinite(std)) throw new ArgumentOutOfRangeException(nameof(std), std, "normal: std must be finite and >= 0");
        Mean = mean;
        Std = std;
    }

    public double Mean { get; }

    public double Std { get; }

    public string Name => $"normal({Initializer.Number(Mean)},{Initializer.Number(Std)})";

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        RandomFill.Normal(weights, Mean, Std, random);
    }
}

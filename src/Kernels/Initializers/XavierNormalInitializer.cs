using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>Glorot and Bengio (2010): N(0, std²) with std = gain·√(2 / (fanIn + fanOut)). As torch.nn.init.xavier_normal_.</summary>
public sealed class XavierNormalInitializer : IInitializer
{
    public XavierNormalInitializer(double gain = 1.0)
    {
        Gain = Initializer.RequirePositive(gain, nameof(gain), "xavier-normal");
    }

    public double Gain { get; }

    public string Name => $"xavier-normal({Initializer.Number(Gain)})";

    public double Std(int fanIn, int fanOut) => Gain * Math.Sqrt(2.0 / ((double)fanIn + fanOut));

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        RandomFill.Normal(weights, 0.0, Std(fanIn, fanOut), random);
    }
}

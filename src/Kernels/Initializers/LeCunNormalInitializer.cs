using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>LeCun et al. (1998): N(0, 1/fanIn), the variance that keeps a linear layer's output at unit scale; the pairing SELU expects.</summary>
public sealed class LeCunNormalInitializer : IInitializer
{
    public string Name => "lecun-normal";

    public double Std(int fanIn) => 1.0 / Math.Sqrt(fanIn);

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        RandomFill.Normal(weights, 0.0, Std(fanIn), random);
    }
}

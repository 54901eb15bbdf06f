using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// Glorot and Bengio (2010): U(-a, a) with a = gain·√(6 / (fanIn + fanOut)), so the variance
/// gain²·2/(fanIn + fanOut) balances forward and backward signal. As torch.nn.init.xavier_uniform_.
/// </summary>
public sealed class XavierUniformInitializer : IInitializer
{
    public XavierUniformInitializer(double gain = 1.0)
    {
        Gain = Initializer.RequirePositive(gain, nameof(gain), "xavier-uniform");
    }

    public double Gain { get; }

    public string Name => $"xavier-uniform({Initializer.Number(Gain)})";

    public double Bound(int fanIn, int fanOut) => Gain * Math.Sqrt(6.0 / ((double)fanIn + fanOut));

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        double a = Bound(fanIn, fanOut);
        RandomFill.Uniform(weights, -a, a, random);
    }
}

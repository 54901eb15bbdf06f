using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>U(low, high), as torch.nn.init.uniform_.</summary>
public sealed class UniformInitializer : IInitializer
{
    public UniformInitializer(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"uniform: need finite low < high, got low={low}, high={high}");
        }

        Low = low;
        High = high;
    }

    public double Low { get; }

    public double High { get; }

    public string Name => $"uniform({Initializer.Number(Low)},{Initializer.Number(High)})";

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        RandomFill.Uniform(weights, Low, High, random);
    }
}

using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// The two sampling loops every random initializer reduces to. Draws are taken in double and rounded
/// once to float, so the sequence for a seed does not depend on the initializer's parameters.
/// </summary>
internal static class RandomFill
{
    public static void Normal(Span<float> weights, double mean, double std, SeededRandom random)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(mean + std * random.NextGaussian());
        }
    }

    /// <summary>U[low, high): rounding to float can land on <paramref name="high"/> itself, which is kept as a valid float endpoint.</summary>
    public static void Uniform(Span<float> weights, double low, double high, SeededRandom random)
    {
        double width = high - low;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(low + width * random.NextDouble());
        }
    }
}

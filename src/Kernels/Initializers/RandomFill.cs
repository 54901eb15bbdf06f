using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// The two sampling loops every random initializer reduces to. Draws are taken in double and rounded
/// once to float, so the sequence for a seed does not depend on the initializer's parameters.
/// </summary>
internal static class RandomFill
{
    /// <summary>
    /// Box–Muller keeping both outputs of each pair (cos and sin), which halves the transcendental work
    /// that dominates the fill; <see cref="SeededRandom.NextGaussian"/> keeps only one for a simpler state.
    /// Two uniform draws per pair, so the position still advances by a count fixed by the length.
    /// </summary>
    public static void Normal(Span<float> weights, double mean, double std, SeededRandom random)
    {
        int i = 0;
        for (; i + 1 < weights.Length; i += 2)
        {
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())); // 1 − u in (0, 1]: keeps Log finite
            var (sin, cos) = Math.SinCos(2.0 * Math.PI * random.NextDouble());
            weights[i] = (float)(mean + std * radius * cos);
            weights[i + 1] = (float)(mean + std * radius * sin);
        }

        if (i < weights.Length) weights[i] = (float)(mean + std * random.NextGaussian());
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

namespace ActorTrain.Kernels.Random;

/// <summary>
/// Counter-based random numbers: the value at (seed, stream, index) is a pure function of the three,
/// so a dropout mask or an initial weight is the same on any device, thread or worker, in any order.
/// The mixer is SplitMix64's finalizer over a key that folds the three inputs with distinct odd constants.
/// </summary>
public static class CounterRandom
{
    /// <summary>64 well-mixed bits for (seed, stream, index).</summary>
    public static ulong Bits(ulong seed, ulong stream, ulong index)
    {
        ulong z = seed * 0x9E3779B97F4A7C15UL ^ (stream + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL ^ index * 0x94D049BB133111EBUL;
        z = Mix(z + 0x9E3779B97F4A7C15UL);
        return Mix(z ^ index);
    }

    /// <summary>A float in [0, 1) built from the top 24 bits, so every value is exactly representable.</summary>
    public static float Uniform(ulong seed, ulong stream, ulong index) =>
        (Bits(seed, stream, index) >> 40) * (1.0f / (1 << 24));

    /// <summary>A double in [0, 1) from the top 53 bits.</summary>
    public static double UniformDouble(ulong seed, ulong stream, ulong index) =>
        (Bits(seed, stream, index) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace ActorTrain.Kernels.Random;

/// <summary>
/// A sequential generator over <see cref="CounterRandom"/>: its whole state is (seed, stream, position),
/// so it can be checkpointed and resumed exactly by saving <see cref="Position"/>.
/// </summary>
public sealed class SeededRandom
{
    private readonly ulong _seed;
    private readonly ulong _stream;

    public SeededRandom(ulong seed, ulong stream = 0, ulong position = 0)
    {
        _seed = seed;
        _stream = stream;
        Position = position;
    }

    /// <summary>How many draws were taken; restoring it restores the sequence.</summary>
    public ulong Position { get; set; }

    public double NextDouble() => CounterRandom.UniformDouble(_seed, _stream, Position++);

    /// <summary>Uniform integer in [0, bound) by Lemire's multiply-shift without rejection: relative bias about bound/2^32 (1.4e-5 for a 60k-sample shuffle), far below sampling noise.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        ulong bits = CounterRandom.Bits(_seed, _stream, Position++) >> 32;
        return (int)((bits * (ulong)bound) >> 32);
    }

    /// <summary>Standard normal by Box–Muller; uses two draws per value so the position stays a plain count.</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps Log finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

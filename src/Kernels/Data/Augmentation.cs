using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Data;

/// <summary>
/// Seeded image augmentation, off by default: Gaussian noise, random shifts (a padded random crop, padding by edge
/// replication so the background stays background) and horizontal flips. The random draws of a sample are keyed by
/// (seed, epoch, sample index), so an epoch is the same whatever the batch size, worker count or resume point.
/// </summary>
public sealed record Augmentation(float NoiseStd = 0f, int MaxShift = 0, bool HorizontalFlip = false)
{
    public bool IsEnabled => NoiseStd > 0f || MaxShift > 0 || HorizontalFlip;

    /// <summary>Augments one image row in place, using <paramref name="scratch"/> (same length) for the shift.</summary>
    public void Apply(Span<float> row, Span<float> scratch, ImageShape shape, ulong seed, int epoch, int sample)
    {
        if (!IsEnabled) return;
        var random = new SeededRandom(seed, ((ulong)(uint)epoch << 32) | (uint)sample, 0);
        if (MaxShift > 0) Shift(row, scratch, shape, random.NextInt(2 * MaxShift + 1) - MaxShift, random.NextInt(2 * MaxShift + 1) - MaxShift);
        if (HorizontalFlip && random.NextDouble() < 0.5) Flip(row, shape);
        if (NoiseStd > 0f)
            for (int i = 0; i < row.Length; i++) row[i] += (float)(NoiseStd * random.NextGaussian());
    }

    private static void Shift(Span<float> row, Span<float> scratch, ImageShape s, int dx, int dy)
    {
        row.CopyTo(scratch);
        for (int c = 0; c < s.Channels; c++)
        for (int y = 0; y < s.Height; y++)
        for (int x = 0; x < s.Width; x++)
        {
            int sy = Math.Clamp(y - dy, 0, s.Height - 1), sx = Math.Clamp(x - dx, 0, s.Width - 1);
            row[(c * s.Height + y) * s.Width + x] = scratch[(c * s.Height + sy) * s.Width + sx];
        }
    }

    private static void Flip(Span<float> row, ImageShape s)
    {
        for (int c = 0; c < s.Channels; c++)
        for (int y = 0; y < s.Height; y++)
            row.Slice((c * s.Height + y) * s.Width, s.Width).Reverse();
    }
}

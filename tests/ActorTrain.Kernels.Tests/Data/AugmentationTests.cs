using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class AugmentationTests
{
    private static readonly ImageShape Shape = new(2, 5, 6);

    /// <summary>Distinct pixel values, so any moved pixel shows.</summary>
    private static float[] Image(int offset = 0) => Enumerable.Range(1, Shape.Pixels).Select(p => (float)(p + offset)).ToArray();

    private static float[] Augment(Augmentation augmentation, float[] image, ulong seed, int epoch, int sample, ImageShape? shape = null)
    {
        float[] row = image.ToArray();
        augmentation.Apply(row, new float[row.Length], shape ?? Shape, seed, epoch, sample);
        return row;
    }

    /// <summary>Every row of every channel read right to left.</summary>
    private static float[] Mirror(float[] image, ImageShape s)
    {
        var mirrored = new float[image.Length];
        for (int c = 0; c < s.Channels; c++)
        for (int y = 0; y < s.Height; y++)
        for (int x = 0; x < s.Width; x++)
            mirrored[(c * s.Height + y) * s.Width + x] = image[(c * s.Height + y) * s.Width + (s.Width - 1 - x)];
        return mirrored;
    }

    /// <summary>The image moved by (dx, dy), pixels that enter from outside copying the nearest edge pixel.</summary>
    private static float[] Shifted(float[] image, ImageShape s, int dx, int dy)
    {
        var shifted = new float[image.Length];
        for (int c = 0; c < s.Channels; c++)
        for (int y = 0; y < s.Height; y++)
        for (int x = 0; x < s.Width; x++)
        {
            int fromY = Math.Min(Math.Max(y - dy, 0), s.Height - 1), fromX = Math.Min(Math.Max(x - dx, 0), s.Width - 1);
            shifted[(c * s.Height + y) * s.Width + x] = image[(c * s.Height + fromY) * s.Width + fromX];
        }
        return shifted;
    }

    [Fact]
    public void Apply_Disabled_RowUnchanged()
    {
        var none = new Augmentation();

        Assert.False(none.IsEnabled);
        Assert.Equal(Image(), Augment(none, Image(), seed: 1, epoch: 0, sample: 0));
    }

    [Fact]
    public void Apply_SameSeedEpochSample_SameResult()
    {
        var all = new Augmentation(NoiseStd: 0.1f, MaxShift: 2, HorizontalFlip: true);

        Assert.Equal(Augment(all, Image(), 7, 3, 11), Augment(all, Image(), 7, 3, 11));
    }

    [Theory]
    [InlineData(8UL, 3, 11)]
    [InlineData(7UL, 4, 11)]
    [InlineData(7UL, 3, 12)]
    public void Apply_DifferentSeedEpochOrSample_DifferentNoise(ulong seed, int epoch, int sample)
    {
        var noise = new Augmentation(NoiseStd: 0.1f);

        float[] reference = Augment(noise, Image(), 7, 3, 11), other = Augment(noise, Image(), seed, epoch, sample);

        Assert.True(reference.Zip(other).All(p => p.First != p.Second), "noise draws repeated under a different key");
    }

    [Fact]
    public void Apply_HorizontalFlip_EachImageMirroredExactlyOrUnchanged()
    {
        var flip = new Augmentation(HorizontalFlip: true);
        float[] image = Image(), mirrored = Mirror(image, Shape);
        int flipped = 0;

        for (int sample = 0; sample < 200; sample++)
        {
            float[] result = Augment(flip, image, seed: 5, epoch: 0, sample);
            if (result.SequenceEqual(mirrored)) flipped++;
            else Assert.Equal(image, result);
        }

        // A fair coin: 100 ± 7 (one standard deviation) out of 200.
        Assert.InRange(flipped, 70, 130);
    }

    [Fact]
    public void Apply_Shift_EdgeReplicatedShiftWithinMaxShiftAndEveryShiftOccurs()
    {
        const int maxShift = 2;
        var shift = new Augmentation(MaxShift: maxShift);
        float[] image = Image();
        var candidates = new List<(int Dx, int Dy, float[] Image)>();
        for (int dy = -maxShift; dy <= maxShift; dy++)
        for (int dx = -maxShift; dx <= maxShift; dx++)
            candidates.Add((dx, dy, Shifted(image, Shape, dx, dy)));
        var seen = new HashSet<(int, int)>();

        for (int sample = 0; sample < 400; sample++)
        {
            float[] result = Augment(shift, image, seed: 5, epoch: 1, sample);
            var match = candidates.Where(c => c.Image.SequenceEqual(result)).ToArray();
            Assert.True(match.Length == 1, $"sample {sample}: result is not an edge-replicated shift by at most {maxShift}");
            seen.Add((match[0].Dx, match[0].Dy));
        }

        Assert.Equal(25, seen.Count);
    }

    [Fact]
    public void Apply_ShiftOnTinyImage_MatchesHandComputedEdgeReplication()
    {
        // 1×3×3 image 1..9 moved right or left by one, down or up by one: the entering column/row repeats the edge.
        var shape = new ImageShape(1, 3, 3);
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        float[][] possible =
        [
            [1, 1, 2, 1, 1, 2, 4, 4, 5], [1, 2, 3, 1, 2, 3, 4, 5, 6], [2, 3, 3, 2, 3, 3, 5, 6, 6],
            [1, 1, 2, 4, 4, 5, 7, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9], [2, 3, 3, 5, 6, 6, 8, 9, 9],
            [4, 4, 5, 7, 7, 8, 7, 7, 8], [4, 5, 6, 7, 8, 9, 7, 8, 9], [5, 6, 6, 8, 9, 9, 8, 9, 9],
        ];
        var seen = new HashSet<int>();

        for (int sample = 0; sample < 100; sample++)
        {
            float[] result = Augment(new Augmentation(MaxShift: 1), image, seed: 2, epoch: 0, sample, shape);
            int index = Array.FindIndex(possible, p => p.SequenceEqual(result));
            Assert.True(index >= 0, $"unexpected shift result [{string.Join(", ", result)}]");
            seen.Add(index);
        }

        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void Apply_Noise_ZeroMeanAndRequestedStdWithinSamplingError()
    {
        const float std = 0.2f;
        var shape = new ImageShape(1, 28, 28);
        var noise = new Augmentation(NoiseStd: std);
        var values = new List<double>();
        for (int sample = 0; sample < 50; sample++)
            values.AddRange(Augment(noise, new float[shape.Pixels], seed: 3, epoch: 2, sample, shape).Select(v => (double)v));

        int n = values.Count;
        double mean = values.Average();
        double sampleStd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double withinOneStd = values.Count(v => Math.Abs(v) < std) / (double)n;
        // Four standard errors: σ/√n for the mean, σ/√(2n) for the std, √(p(1−p)/n) for the Gaussian 68.27% share.
        Assert.InRange(mean, -4 * std / Math.Sqrt(n), 4 * std / Math.Sqrt(n));
        Assert.InRange(sampleStd, std - 4 * std / Math.Sqrt(2 * n), std + 4 * std / Math.Sqrt(2 * n));
        Assert.InRange(withinOneStd, 0.6827 - 4 * Math.Sqrt(0.6827 * 0.3173 / n), 0.6827 + 4 * Math.Sqrt(0.6827 * 0.3173 / n));
    }

    [Fact]
    public void Apply_Noise_DifferentSamplesGetUncorrelatedNoise()
    {
        var shape = new ImageShape(1, 28, 28);
        var noise = new Augmentation(NoiseStd: 1f);
        float[] a = Augment(noise, new float[shape.Pixels], 3, 0, 0, shape), b = Augment(noise, new float[shape.Pixels], 3, 0, 1, shape);

        double correlation = a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(v => (double)v * v) * b.Sum(v => (double)v * v));

        // Independent draws: correlation has standard error 1/√784 ≈ 0.036.
        Assert.InRange(correlation, -0.15, 0.15);
    }
}

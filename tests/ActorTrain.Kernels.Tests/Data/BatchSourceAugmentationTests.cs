using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class BatchSourceAugmentationTests
{
    private const int Count = 17;
    private const ulong Seed = 21;
    private static readonly ImageShape Shape = new(1, 4, 4);
    private static readonly Augmentation All = new(NoiseStd: 0.05f, MaxShift: 1, HorizontalFlip: true);

    /// <summary>Image i holds 100·i + pixel, so samples differ and every pixel is distinct.</summary>
    private static Dataset Images()
    {
        var features = new float[Count * Shape.Pixels];
        for (int i = 0; i < features.Length; i++) features[i] = 100 * (i / Shape.Pixels) + i % Shape.Pixels;
        return new Dataset("images", features, Enumerable.Range(0, Count).Select(i => (float)(i % 3)).ToArray(), Shape.Pixels, 1, 3, Shape);
    }

    private static float[] Epoch(BatchSource source, int epoch)
    {
        var all = new List<float>();
        for (int b = 0; b < source.BatchesPerEpoch; b++)
        {
            source.Fill(epoch, b, out var features, out _);
            all.AddRange(features.ToArray());
        }
        return all.ToArray();
    }

    [Fact]
    public void Fill_Augmented_EachRowIsItsSampleAugmentedUnderSeedEpochAndSampleIndex()
    {
        var data = Images();
        // The permutation does not depend on augmentation, so a plain source names the sample behind each row.
        var plain = new BatchSource(Images(), 5, Seed);
        var augmented = new BatchSource(data, 5, Seed, All);

        for (int b = 0; b < plain.BatchesPerEpoch; b++)
        {
            int rows = plain.Fill(2, b, out var original, out _);
            augmented.Fill(2, b, out var features, out _);
            for (int r = 0; r < rows; r++)
            {
                int sample = (int)(original.Span[r * Shape.Pixels] / 100);
                float[] expected = data.Row(sample).ToArray();
                All.Apply(expected, new float[expected.Length], Shape, Seed, 2, sample);
                Assert.Equal(expected, features.Span.Slice(r * Shape.Pixels, Shape.Pixels).ToArray());
            }
        }
    }

    [Fact]
    public void Fill_Augmented_IndependentOfBatchSizeAndRequestOrder()
    {
        var a = new BatchSource(Images(), 3, Seed, All);
        var b = new BatchSource(Images(), 8, Seed, All);
        b.Fill(1, 2, out _, out _);

        Assert.Equal(Epoch(a, 1), Epoch(b, 1));
    }

    [Fact]
    public void Fill_AugmentedAcrossEpochs_DifferentValuesAndDataSetUntouched()
    {
        var data = Images();
        float[] before = data.Features.ToArray();
        var source = new BatchSource(data, 4, Seed, All);

        float[] epoch0 = Epoch(source, 0), epoch1 = Epoch(source, 1);

        Assert.NotEqual(epoch0.Order(), epoch1.Order());
        Assert.Equal(before, data.Features);
    }
}

using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class BatchSourceTests
{
    private const int Count = 23;

    /// <summary>Sample i has features (i, 1000 + i) and label i mod 5, so a batch row names its sample.</summary>
    private static Dataset Indexed(int count = Count)
    {
        var features = new float[count * 2];
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            features[2 * i] = i;
            features[2 * i + 1] = 1000 + i;
            targets[i] = i % 5;
        }
        return new Dataset("indexed", features, targets, 2, 1, 5);
    }

    /// <summary>The sample indices of one batch, checking each row's second feature and label belong to that sample.</summary>
    private static int[] Batch(BatchSource source, int epoch, int batch)
    {
        int rows = source.Fill(epoch, batch, out var features, out var targets);
        Assert.Equal(rows * 2, features.Length);
        Assert.Equal(rows, targets.Length);
        var indices = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            indices[r] = (int)features.Span[2 * r];
            Assert.Equal(1000 + indices[r], features.Span[2 * r + 1]);
            Assert.Equal(indices[r] % 5, targets.Span[r]);
        }
        return indices;
    }

    private static int[] Epoch(BatchSource source, int epoch) =>
        Enumerable.Range(0, source.BatchesPerEpoch).SelectMany(b => Batch(source, epoch, b)).ToArray();

    [Fact]
    public void Fill_WholeEpoch_EverySampleExactlyOnceAndLastBatchSmaller()
    {
        var source = new BatchSource(Indexed(), batchSize: 5, seed: 9);

        Assert.Equal(5, source.BatchesPerEpoch);
        int[] sizes = Enumerable.Range(0, 5).Select(b => Batch(source, 0, b).Length).ToArray();
        Assert.Equal([5, 5, 5, 5, 3], sizes);
        Assert.Equal(Enumerable.Range(0, Count), Epoch(source, 0).Order());
    }

    [Fact]
    public void Fill_BatchSizeDividesCount_AllBatchesFull()
    {
        var source = new BatchSource(Indexed(20), batchSize: 5, seed: 9);

        Assert.Equal(4, source.BatchesPerEpoch);
        Assert.Equal(5, source.Fill(0, 3, out _, out _));
    }

    [Fact]
    public void Fill_Epoch_IsShuffled()
    {
        var source = new BatchSource(Indexed(), batchSize: 4, seed: 9);

        Assert.NotEqual(Enumerable.Range(0, Count), Epoch(source, 0));
    }

    [Fact]
    public void Fill_SameSeedAndEpoch_SameOrderAcrossInstances()
    {
        var a = new BatchSource(Indexed(), batchSize: 4, seed: 9);
        var b = new BatchSource(Indexed(), batchSize: 4, seed: 9);

        Assert.Equal(Epoch(a, 3), Epoch(b, 3));
    }

    [Fact]
    public void Fill_DifferentBatchSize_SameSampleSequence()
    {
        Assert.Equal(Epoch(new BatchSource(Indexed(), 4, seed: 9), 1), Epoch(new BatchSource(Indexed(), 7, seed: 9), 1));
    }

    [Fact]
    public void Fill_DifferentEpochs_DifferentOrders()
    {
        var source = new BatchSource(Indexed(), batchSize: 4, seed: 9);

        int[][] epochs = Enumerable.Range(0, 4).Select(e => Epoch(source, e)).ToArray();

        for (int i = 0; i < epochs.Length; i++)
        for (int j = i + 1; j < epochs.Length; j++)
            Assert.NotEqual(epochs[i], epochs[j]);
    }

    [Fact]
    public void Fill_DifferentSeeds_DifferentOrders()
    {
        Assert.NotEqual(Epoch(new BatchSource(Indexed(), 4, seed: 9), 0), Epoch(new BatchSource(Indexed(), 4, seed: 10), 0));
    }

    [Fact]
    public void Fill_BatchesAskedOutOfOrder_SameBatchesAsInOrder()
    {
        var reference = new BatchSource(Indexed(), batchSize: 5, seed: 9);
        int[][] epoch0 = Enumerable.Range(0, 5).Select(b => Batch(reference, 0, b)).ToArray();
        int[][] epoch1 = Enumerable.Range(0, 5).Select(b => Batch(reference, 1, b)).ToArray();

        var source = new BatchSource(Indexed(), batchSize: 5, seed: 9);
        Assert.Equal(epoch0[3], Batch(source, 0, 3));
        Assert.Equal(epoch1[2], Batch(source, 1, 2));
        Assert.Equal(epoch0[4], Batch(source, 0, 4));
        for (int b = 0; b < 5; b++) Assert.Equal(epoch0[b], Batch(source, 0, b));
        Assert.Equal(epoch1[0], Batch(source, 1, 0));
    }

    [Fact]
    public void Fill_ReusesBuffers_NoAllocationPerBatch()
    {
        var source = new BatchSource(Indexed(), batchSize: 5, seed: 9);
        source.Fill(0, 0, out var first, out _);
        source.Fill(0, 1, out var second, out _);

        Assert.True(first.Span.Overlaps(second.Span), "each batch should refill the same preallocated buffer");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Fill_BatchOutsideEpoch_Throws(int batch)
    {
        var source = new BatchSource(Indexed(), batchSize: 5, seed: 9);

        Assert.Throws<ArgumentOutOfRangeException>(() => source.Fill(0, batch, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_NonPositiveBatchSize_Throws(int batchSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSource(Indexed(), batchSize, seed: 9));
    }

    [Fact]
    public void Constructor_EmptyData_ThrowsNamingData()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchSource(Indexed().Select([], "nothing"), 4, seed: 9));

        Assert.Contains("nothing", e.Message);
    }

    [Fact]
    public void Constructor_AugmentationWithoutImageShape_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchSource(Indexed(), 4, seed: 9, new Augmentation(HorizontalFlip: true)));

        Assert.Contains("image", e.Message);
    }

    [Fact]
    public void Constructor_DisabledAugmentationWithoutImageShape_Accepted()
    {
        var source = new BatchSource(Indexed(), 4, seed: 9, new Augmentation());

        Assert.Equal(Enumerable.Range(0, Count), Epoch(source, 0).Order());
    }
}

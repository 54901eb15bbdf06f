using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class DataSplitTests
{
    /// <summary>Sample i has features (i, −i) and label i mod 7, so every row can be traced back to its source index.</summary>
    private static Dataset Indexed(int count)
    {
        var features = new float[count * 2];
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            features[2 * i] = i;
            features[2 * i + 1] = -i;
            targets[i] = i % 7;
        }
        return new Dataset("full", features, targets, 2, 1, 7);
    }

    private static int[] Indices(Dataset part) => Enumerable.Range(0, part.Count).Select(r => (int)part.Row(r)[0]).ToArray();

    [Theory]
    [InlineData(100, 0.2, 0, 80, 20)]
    [InlineData(100, 0.0, 0, 100, 0)]
    [InlineData(100, 0.2, 50, 40, 10)]
    [InlineData(100, 0.1, 1000, 90, 10)] // a limit above the count keeps everything
    [InlineData(10, 0.25, 0, 8, 2)]      // 2.5 rounds to even
    [InlineData(10, 0.94, 0, 1, 9)]
    public void Create_FractionAndLimit_GivesExpectedSizes(int count, double fraction, int limit, int training, int validation)
    {
        var split = DataSplit.Create(Indexed(count), fraction, limit, seed: 5);

        Assert.Equal(training, split.Training.Count);
        Assert.Equal(validation, split.Validation.Count);
    }

    [Fact]
    public void Create_NoLimit_PartsDisjointAndCoverEverySample()
    {
        var split = DataSplit.Create(Indexed(97), 0.3, 0, seed: 11);

        int[] all = [.. Indices(split.Training), .. Indices(split.Validation)];
        Assert.Equal(Enumerable.Range(0, 97), all.Order());
    }

    [Fact]
    public void Create_WithLimit_PartsDisjointDistinctSamplesDrawnFromWholeSet()
    {
        var split = DataSplit.Create(Indexed(1000), 0.2, 100, seed: 11);

        int[] all = [.. Indices(split.Training), .. Indices(split.Validation)];
        Assert.Equal(100, all.Distinct().Count());
        // A seeded shuffle, not the first 100 rows of the file.
        Assert.True(all.Max() >= 100, "limit kept only the head of the file");
    }

    [Fact]
    public void Create_Rows_KeepTheirLabelsAndMetadata()
    {
        var split = DataSplit.Create(Indexed(50), 0.2, 0, seed: 3);

        foreach (var part in new[] { split.Training, split.Validation })
        {
            Assert.Equal(7, part.Classes);
            for (int r = 0; r < part.Count; r++)
            {
                int i = (int)part.Row(r)[0];
                Assert.Equal(-i, part.Row(r)[1]);
                Assert.Equal(i % 7, part.Target(r)[0]);
            }
        }
    }

    [Fact]
    public void Create_SameSeed_SameSplit()
    {
        var a = DataSplit.Create(Indexed(200), 0.25, 0, seed: 42);
        var b = DataSplit.Create(Indexed(200), 0.25, 0, seed: 42);

        Assert.Equal(Indices(a.Training), Indices(b.Training));
        Assert.Equal(Indices(a.Validation), Indices(b.Validation));
    }

    [Fact]
    public void Create_DifferentSeed_DifferentValidationSet()
    {
        var a = DataSplit.Create(Indexed(200), 0.25, 0, seed: 42);
        var b = DataSplit.Create(Indexed(200), 0.25, 0, seed: 43);

        // Two random 50-of-200 subsets share about 12.5 samples on average; identical sets would mean the seed is ignored.
        int shared = Indices(a.Validation).Intersect(Indices(b.Validation)).Count();
        Assert.True(shared < 30, $"{shared} of 50 validation samples shared across seeds");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Create_FractionOutsideZeroToOne_Throws(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Create(Indexed(10), fraction, 0, seed: 1));

        Assert.Equal("validationFraction", e.ParamName);
    }

    [Fact]
    public void Create_NegativeLimit_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Create(Indexed(10), 0.1, -1, seed: 1));

        Assert.Equal("limit", e.ParamName);
    }

    [Fact]
    public void Create_NoTrainingSampleLeft_ThrowsNamingData()
    {
        var e = Assert.Throws<ArgumentException>(() => DataSplit.Create(Indexed(10), 0.9, 1, seed: 1));

        Assert.Contains("full", e.Message);
    }
}

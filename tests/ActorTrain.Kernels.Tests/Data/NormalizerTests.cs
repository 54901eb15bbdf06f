using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class NormalizerTests
{
    /// <summary>Columns with deliberately different means and spreads, so a per-feature and a global fit differ.</summary>
    private static Dataset Columns(int rows, ulong seed)
    {
        double[] means = [-3, 0, 5, 100], spreads = [0.5, 1, 4, 20];
        var random = new SeededRandom(seed);
        var features = new float[rows * means.Length];
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < means.Length; c++)
            features[r * means.Length + c] = (float)(means[c] + spreads[c] * random.NextGaussian());
        return new Dataset("columns", features, new float[rows], means.Length, 1, 2);
    }

    private static Dataset Rows(int width, params float[] features) => new("rows", features, new float[features.Length / width], width, 1, 2);

    private static (double Mean, double Std, double Min, double Max) Stats(IEnumerable<float> values)
    {
        double[] v = values.Select(x => (double)x).ToArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length), v.Min(), v.Max());
    }

    private static IEnumerable<float> Column(Dataset data, int c) => Enumerable.Range(0, data.Count).Select(r => data.Row(r)[c]);

    [Fact]
    public void Apply_Standardize_TrainingFeaturesHaveMeanZeroStdOne()
    {
        var data = Columns(500, seed: 1);

        Normalizer.Fit(data, NormalizationKind.Standardize).Apply(data);

        var (mean, std, _, _) = Stats(data.Features);
        Assert.Equal(0, mean, 1e-5);
        Assert.Equal(1, std, 1e-5);
        // One global transform keeps the columns' differing spreads.
        Assert.True(Stats(Column(data, 3)).Std > 10 * Stats(Column(data, 0)).Std);
    }

    [Fact]
    public void Apply_StandardizePerFeature_EachTrainingColumnHasMeanZeroStdOne()
    {
        var data = Columns(500, seed: 2);

        Normalizer.Fit(data, NormalizationKind.StandardizePerFeature).Apply(data);

        for (int c = 0; c < data.Width; c++)
        {
            var (mean, std, _, _) = Stats(Column(data, c));
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, std, 1e-5);
        }
    }

    [Fact]
    public void Apply_MinMax_TrainingFeaturesSpanZeroToOne()
    {
        var data = Columns(500, seed: 3);

        Normalizer.Fit(data, NormalizationKind.MinMax).Apply(data);

        var (_, _, min, max) = Stats(data.Features);
        Assert.Equal(0, min, 1e-6);
        Assert.Equal(1, max, 1e-6);
    }

    [Fact]
    public void Apply_None_LeavesFeaturesUnchanged()
    {
        var data = Columns(20, seed: 4);
        float[] before = data.Features.ToArray();

        Normalizer.Fit(data, NormalizationKind.None).Apply(data);

        Assert.Equal(before, data.Features);
    }

    // Training values {1, 3, 5, 7}: mean 4, population std √5, min 1, max 7. Test values lie far outside.
    [Theory]
    [InlineData(NormalizationKind.Standardize, 10f, 2.6832816f)]    // (10 − 4) / √5
    [InlineData(NormalizationKind.Standardize, -1f, -2.2360680f)]   // (−1 − 4) / √5
    [InlineData(NormalizationKind.MinMax, 10f, 1.5f)]               // (10 − 1) / 6
    [InlineData(NormalizationKind.MinMax, -2f, -0.5f)]              // (−2 − 1) / 6
    public void Apply_TestSet_UsesTrainingStatistics(NormalizationKind kind, float test, float expected)
    {
        var training = Rows(2, 1, 3, 5, 7);
        var testSet = Rows(2, test, test);

        var normalizer = Normalizer.Fit(training, kind);
        normalizer.Apply(testSet);

        Assert.Equal(expected, testSet.Features[0], 1e-6f);
        Assert.Equal(expected, testSet.Features[1], 1e-6f);
    }

    [Fact]
    public void Apply_TestSetPerFeature_UsesTrainingColumnStatistics()
    {
        // Column 0 {0, 10}: mean 5, std 5; column 1 {2, 4}: mean 3, std 1.
        var training = Rows(2, 0, 2, 10, 4);
        var testSet = Rows(2, 20, 0, 5, 3);

        Normalizer.Fit(training, NormalizationKind.StandardizePerFeature).Apply(testSet);

        Assert.Equal([3f, -3f, 0f, 0f], testSet.Features);
    }

    [Fact]
    public void Fit_AfterApplyingToTestSet_TrainingStatisticsUnchanged()
    {
        var training = Rows(1, 1, 3);
        var normalizer = Normalizer.Fit(training, NormalizationKind.Standardize);

        normalizer.Apply(Rows(1, 100, 200, 300));

        Assert.Equal(2f, normalizer.Shift[0]);
        Assert.Equal(1f, normalizer.Scale[0]);
    }

    [Theory]
    [InlineData(NormalizationKind.Standardize)]
    [InlineData(NormalizationKind.StandardizePerFeature)]
    [InlineData(NormalizationKind.MinMax)]
    public void Apply_ConstantTrainingData_FiniteZeros(NormalizationKind kind)
    {
        var data = Rows(3, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f);

        Normalizer.Fit(data, kind).Apply(data);

        Assert.All(data.Features, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Apply_PerFeatureWithOneConstantColumn_ConstantColumnZeroOthersStandardized()
    {
        var data = Rows(2, 1, 7, 3, 7, 5, 7);

        Normalizer.Fit(data, NormalizationKind.StandardizePerFeature).Apply(data);

        Assert.Equal([0f, 0f, 0f], Column(data, 1));
        Assert.Equal(1, Stats(Column(data, 0)).Std, 1e-6);
    }

    [Theory]
    [InlineData(NormalizationKind.None)]
    [InlineData(NormalizationKind.Standardize)]
    public void Apply_WidthDiffersFromFit_ThrowsNamingBothWidths(NormalizationKind kind)
    {
        var normalizer = Normalizer.Fit(Rows(3, 1, 2, 3, 4, 5, 6), kind);

        var e = Assert.Throws<ArgumentException>(() => normalizer.Apply(Rows(2, 1, 2)));

        Assert.Contains("width 2", e.Message);
        Assert.Contains("3 features", e.Message);
    }

    [Theory]
    [InlineData("none", NormalizationKind.None)]
    [InlineData(" Standardize ", NormalizationKind.Standardize)]
    [InlineData("standardise-per-feature", NormalizationKind.StandardizePerFeature)]
    [InlineData("minmax", NormalizationKind.MinMax)]
    public void ParseKind_KnownName_ReturnsKind(string name, NormalizationKind expected)
    {
        Assert.Equal(expected, Normalizer.ParseKind(name));
    }

    [Fact]
    public void ParseKind_UnknownName_ThrowsListingValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Normalizer.ParseKind("z-score"));

        Assert.Contains("'z-score'", e.Message);
        Assert.Contains("min-max", e.Message);
    }
}

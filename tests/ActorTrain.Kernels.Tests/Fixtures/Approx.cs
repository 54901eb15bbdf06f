namespace ActorTrain.Kernels.Tests.Fixtures;

/// <summary>Elementwise comparison with a relative and an absolute tolerance, naming the first element that differs.</summary>
internal static class Approx
{
    /// <summary>Passes when |actual − expected| ≤ absolute + relative · |expected| for every element.</summary>
    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double relative, double absolute, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            double allowed = absolute + relative * Math.Abs(expected[i]);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= allowed,
                $"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9} (difference {actual[i] - expected[i]:G3}, allowed {allowed:G3})");
        }
    }

    public static void Equal(double expected, double actual, double relative, double absolute, string what) =>
        Equal([expected], [(float)actual], relative, absolute, what);
}

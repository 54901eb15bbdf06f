namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Comparisons of a float32 device against the double-accumulating reference. Each test states its bound; these only
/// apply it and name the first element that breaks it. A NaN where the reference is finite always fails.
/// </summary>
public static class Tolerance
{
    /// <summary>Unit roundoff of float32 (2^-24): the relative error of one correctly rounded operation.</summary>
    public const double FloatRoundoff = 1.0 / (1 << 24);

    /// <summary>|actual − expected| ≤ relative·|expected| + absolute for every element.</summary>
    public static void AssertClose(float[] expected, float[] actual, double relative, double absolute, string what) =>
        AssertWithin(expected, actual, i => relative * Math.Abs(expected[i]) + absolute, what);

    /// <summary>|actual − expected| ≤ bound(i) for every element i.</summary>
    public static void AssertWithin(float[] expected, float[] actual, Func<int, double> bound, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= bound(i)) && !(float.IsInfinity(expected[i]) && actual[i] == expected[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, reference {expected[i]:R} (error {error:G3} > bound {bound(i):G3})");
        }
    }
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Dropout: the mask is a pure function of the key, so it must equal the reference's bit for bit; kept values are
/// x/(1 − rate), one float product (relative 1e-6). Keep-rate checks allow 5 binomial standard errors.
/// </summary>
public abstract partial class DeviceContractTests
{
    private const int DropRows = 64, DropCols = 129;

    public static TheoryData<int, int, float> DropoutCases => new()
    {
        { 1, 1, 0.5f }, { 7, 17, 0.1f }, { 33, 129, 0.5f }, { 16, 33, 0.9f },
    };

    private static readonly DropoutKey Key = new(Seed: 99, Layer: 2, Step: 7, RowOffset: 0);

    private static void AssertSameMask(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True((expected[i] == 0f) == (actual[i] == 0f), $"{what}: element {i} is {actual[i]}, reference {expected[i]}");
        Tolerance.AssertClose(expected, actual, 1e-6, 0, what);
    }

    [Theory]
    [MemberData(nameof(DropoutCases))]
    public void DropoutForwardAndBackward_AnyShape_SameMaskAsReference(int rows, int cols, float rate)
    {
        using var pair = Pair(50);
        var (x, y) = (pair.Uniform(rows * cols, 0.5, 2), pair.Filled(rows * cols, float.NaN)); // no zero inputs: a zero output means dropped
        var (dy, dx) = (pair.Uniform(rows * cols, 0.5, 2), pair.Filled(rows * cols, float.NaN));

        pair.Run(s => s.DropoutForward(x.On(s), y.On(s), rows, cols, rate, Key));
        pair.Run(s => s.DropoutBackward(dy.On(s), dx.On(s), rows, cols, rate, Key));

        AssertSameMask(y.Expected(), y.Actual(), "dropout forward");
        AssertSameMask(dx.Expected(), dx.Actual(), "dropout backward");
        float[] forward = y.Actual(), backward = dx.Actual();
        for (int i = 0; i < forward.Length; i++) Assert.Equal(forward[i] == 0f, backward[i] == 0f);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.3f)]
    [InlineData(0.8f)]
    public void DropoutForward_OnesInput_KeepsOneMinusRateScaledUp(float rate)
    {
        const int n = DropRows * DropCols;
        using var pair = Pair(51);
        var (x, y) = (pair.Filled(n, 1f), pair.Filled(n, float.NaN));

        pair.Run(s => s.DropoutForward(x.On(s), y.On(s), DropRows, DropCols, rate, Key));

        float[] values = y.Actual();
        float keptValue = 1f / (1f - rate);
        Assert.All(values, v => Assert.True(v == 0f || Math.Abs(v - keptValue) <= 1e-6 * keptValue, $"{v}"));
        double kept = values.Count(v => v != 0f) / (double)n;
        double sigma = Math.Sqrt(rate * (1 - rate) / n);
        Assert.InRange(kept, 1 - rate - 5 * sigma, 1 - rate + 5 * sigma);
        Assert.InRange(values.Average(v => (double)v), 1 - 5 * sigma * keptValue, 1 + 5 * sigma * keptValue); // inverted dropout keeps the mean
    }

    [Fact]
    public void DropoutForward_BatchSplitWithRowOffsets_EqualsWholeBatch()
    {
        const int n = DropRows * DropCols, half = DropRows / 2 * DropCols;
        using var pair = Pair(52);
        var (x, whole, split) = (pair.Uniform(n, 0.5, 2), pair.Filled(n, float.NaN), pair.Filled(n, float.NaN));

        // Data-parallel replicas each see part of the global batch: their masks must be the slices of the whole one.
        pair.Run(s => s.DropoutForward(x.On(s), whole.On(s), DropRows, DropCols, 0.4f, Key));
        pair.Run(s => s.DropoutForward(x.On(s).Slice(0, half), split.On(s).Slice(0, half), DropRows / 2, DropCols, 0.4f, Key));
        pair.Run(s => s.DropoutForward(x.On(s).Slice(half), split.On(s).Slice(half), DropRows / 2, DropCols, 0.4f, Key with { RowOffset = DropRows / 2 }));

        Assert.Equal(whole.Actual(), split.Actual());
    }

    [Fact]
    public void DropoutForward_NextStep_DrawsIndependentMask()
    {
        const int n = DropRows * DropCols;
        const float rate = 0.3f;
        using var pair = Pair(53);
        var (x, first, second) = (pair.Filled(n, 1f), pair.Filled(n, float.NaN), pair.Filled(n, float.NaN));

        pair.Run(s => s.DropoutForward(x.On(s), first.On(s), DropRows, DropCols, rate, Key));
        pair.Run(s => s.DropoutForward(x.On(s), second.On(s), DropRows, DropCols, rate, Key with { Step = Key.Step + 1 }));

        // Independent masks differ at a fraction 2·rate·(1 − rate) of the elements.
        double differ = first.Actual().Zip(second.Actual()).Count(p => p.First != p.Second) / (double)n;
        double p = 2 * rate * (1 - rate), sigma = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(differ, p - 5 * sigma, p + 5 * sigma);
    }

    [Fact]
    public void DropoutForward_RateZero_CopiesInput()
    {
        using var pair = Pair(54);
        var (x, y) = (pair.Gaussian(100), pair.Filled(100, float.NaN));

        pair.Run(s => s.DropoutForward(x.On(s), y.On(s), 10, 10, 0f, Key));

        Assert.Equal(x.Actual(), y.Actual());
    }
}

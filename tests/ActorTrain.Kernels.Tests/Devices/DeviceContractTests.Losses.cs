namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Losses forward and backward. Probabilities and gradients: relative 1e-5 (a vectorised exp is a few ulps off, and a
/// row sum of up to 1000 terms adds ~n·u) plus a tiny absolute part for underflowing probabilities. Per-row losses:
/// 1e-5·(1 + |loss|) plus 4u·max|logit|, since a stable log-softmax adds and subtracts the row maximum in float.
/// </summary>
public abstract partial class DeviceContractTests
{
    public static TheoryData<int, int> LossShapes => new() { { 1, 1 }, { 1, 3 }, { 7, 10 }, { 33, 17 }, { 3, 129 }, { 5, 1000 } };

    private static float[] Labels(OraclePair pair, int rows, int classes) =>
        Enumerable.Range(0, rows).Select(_ => (float)pair.Random.NextInt(classes)).ToArray();

    private static void AssertLossesClose(float[] expected, float[] actual, double maxAbsLogit, string what) =>
        Tolerance.AssertWithin(expected, actual, i => 1e-5 * (1 + Math.Abs(expected[i])) + 4 * Tolerance.FloatRoundoff * maxAbsLogit, what);

    [Theory]
    [MemberData(nameof(LossShapes))]
    public void SoftmaxCrossEntropyForward_AnyShape_MatchesReference(int rows, int classes)
    {
        using var pair = Pair(40);
        float[] logits = pair.GaussianValues(rows * classes, scale: 3);
        var (x, t) = (pair.Upload(logits), pair.Upload(Labels(pair, rows, classes)));
        var (p, l) = (pair.Filled(rows * classes, float.NaN), pair.Filled(rows, float.NaN));

        pair.Run(s => s.SoftmaxCrossEntropyForward(x.On(s), t.On(s), rows, classes, p.On(s), l.On(s)));

        Tolerance.AssertClose(p.Expected(), p.Actual(), 1e-5, 1e-30, "softmax probabilities");
        AssertLossesClose(l.Expected(), l.Actual(), logits.Max(Math.Abs), "softmax-cross-entropy losses");
    }

    [Fact]
    public void SoftmaxCrossEntropyForward_LogitsNearThousand_StaysFiniteAndExact()
    {
        const int classes = 10;
        using var pair = Pair(41);
        float[] logits = new float[4 * classes];
        Array.Fill(logits, 1000f, 0, classes);                  // row 0: all equal → uniform, loss log(10)
        Array.Fill(logits, -1000f, classes, classes);           // row 1: label 3 at +1000, rest −1000 → loss 0
        logits[classes + 3] = 1000f;
        Array.Fill(logits, -1000f, 2 * classes, classes);       // row 2: label 0 at −1000, one +1000 → loss 2000
        logits[2 * classes + 7] = 1000f;
        pair.UniformValues(classes, -1000, 1000).CopyTo(logits, 3 * classes); // row 3: spread over ±1000
        var (x, t) = (pair.Upload(logits), pair.Upload([0, 3, 0, 5]));
        var (p, l) = (pair.Filled(4 * classes, float.NaN), pair.Filled(4, float.NaN));

        pair.Run(s => s.SoftmaxCrossEntropyForward(x.On(s), t.On(s), 4, classes, p.On(s), l.On(s)));

        float[] probabilities = p.Actual(), losses = l.Actual();
        Assert.All(probabilities, v => Assert.True(float.IsFinite(v) && v >= 0f, $"{v}"));
        Assert.All(losses, v => Assert.True(float.IsFinite(v), $"{v}"));
        for (int r = 0; r < 4; r++) Assert.Equal(1.0, probabilities.Skip(r * classes).Take(classes).Sum(v => (double)v), 1e-5);
        Assert.Equal(Math.Log(classes), losses[0], 1e-5);
        Assert.Equal(0.0, losses[1], 1e-5);
        Assert.Equal(2000.0, losses[2], 1e-3);
        AssertLossesClose(l.Expected(), losses, 1000, "softmax-cross-entropy at ±1000");
        Tolerance.AssertClose(p.Expected(), probabilities, 1e-5, 1e-30, "softmax probabilities at ±1000");
    }

    [Theory]
    [MemberData(nameof(LossShapes))]
    public void SoftmaxCrossEntropyBackward_AnyShape_MatchesReference(int rows, int classes)
    {
        using var pair = Pair(42);
        float[] probabilities = pair.UniformValues(rows * classes, 0, 1);
        var (p, t, d) = (pair.Upload(probabilities), pair.Upload(Labels(pair, rows, classes)), pair.Filled(rows * classes, float.NaN));

        pair.Run(s => s.SoftmaxCrossEntropyBackward(p.On(s), t.On(s), rows, classes, 0.25f, d.On(s)));

        Tolerance.AssertClose(d.Expected(), d.Actual(), 1e-5, 1e-7, "softmax-cross-entropy dLogits");
    }

    [Theory]
    [MemberData(nameof(LossShapes))]
    public void MeanSquaredError_ForwardAndBackward_MatchReference(int rows, int cols)
    {
        using var pair = Pair(43);
        var (y, t) = (pair.Gaussian(rows * cols, 2), pair.Gaussian(rows * cols, 2));
        var (l, d) = (pair.Filled(rows, float.NaN), pair.Filled(rows * cols, float.NaN));

        pair.Run(s => s.MeanSquaredErrorForward(y.On(s), t.On(s), rows, cols, l.On(s)));
        pair.Run(s => s.MeanSquaredErrorBackward(y.On(s), t.On(s), rows, cols, 0.5f, d.On(s)));

        Tolerance.AssertClose(l.Expected(), l.Actual(), 1e-5, 1e-7, "mse losses");
        Tolerance.AssertClose(d.Expected(), d.Actual(), 1e-5, 1e-7, "mse dPrediction");
    }

    [Theory]
    [MemberData(nameof(LossShapes))]
    public void BinaryCrossEntropyWithLogits_ForwardAndBackward_MatchReference(int rows, int cols)
    {
        using var pair = Pair(44);
        float[] logits = pair.GaussianValues(rows * cols, 4);
        for (int i = 0; i < logits.Length; i += 5) logits[i] = i % 2 == 0 ? 100f : -100f; // log(1 + e^x) must not overflow
        var (x, t) = (pair.Upload(logits), pair.Uniform(rows * cols, 0, 1));
        var (l, d) = (pair.Filled(rows, float.NaN), pair.Filled(rows * cols, float.NaN));

        pair.Run(s => s.BinaryCrossEntropyWithLogitsForward(x.On(s), t.On(s), rows, cols, l.On(s)));
        pair.Run(s => s.BinaryCrossEntropyWithLogitsBackward(x.On(s), t.On(s), rows, cols, 2f, d.On(s)));

        AssertLossesClose(l.Expected(), l.Actual(), 100, "bce losses");
        Tolerance.AssertClose(d.Expected(), d.Actual(), 1e-5, 1e-7, "bce dLogits");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsForward_SaturatedLogits_EqualsHandValues()
    {
        using var pair = Pair(45);
        // Per element: max(x,0) − x·t + log(1 + e^−|x|): x=100,t=0 → 100; x=−100,t=1 → 100; x=0 → log 2; x=100,t=1 → ~0.
        var (x, t) = (pair.Upload([100, -100, 0, 100]), pair.Upload([0, 1, 0.5f, 1]));
        var l = pair.Filled(4, float.NaN);

        pair.Run(s => s.BinaryCrossEntropyWithLogitsForward(x.On(s), t.On(s), 4, 1, l.On(s)));

        Tolerance.AssertClose([100f, 100f, MathF.Log(2), 0f], l.Actual(), 1e-6, 1e-6, "bce at saturated logits");
    }
}

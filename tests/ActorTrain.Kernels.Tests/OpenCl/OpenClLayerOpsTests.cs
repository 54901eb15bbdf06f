using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>Losses, dropout, batch norm and every optimizer against the reference. Dropout is compared exactly: its
/// mask must be the CPU's bit for bit, or data-parallel replicas on mixed devices would train different models.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClLayerOpsTests(OpenClDeviceFixture fixture)
{
    private ReferenceComparison Compare => new(fixture.Device);

    private static float[] Labels(int rows, int classes) => ReferenceComparison.Uniform(rows, 21, 0, classes).Select(MathF.Floor).ToArray();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(13, 10)]
    [InlineData(3, 1001)]
    public void SoftmaxCrossEntropy_LargeLogits_MatchesReference(int rows, int classes) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(rows * classes, 22, 30f), Labels(rows, classes), new float[rows * classes], new float[rows], new float[rows * classes]], (s, x) =>
        {
            s.SoftmaxCrossEntropyForward(x[0], x[1], rows, classes, x[2], x[3]);
            s.SoftmaxCrossEntropyBackward(x[2], x[1], rows, classes, 0.25f, x[4]);
        });

    [Fact]
    public void SoftmaxCrossEntropy_LabelOutOfRange_RefusedAtTheNextWaitAndStreamStaysUsable()
    {
        var device = fixture.Device;
        using var stream = device.CreateStream();
        using var logits = device.Allocate(6);
        using var labels = device.Allocate(2);
        using var probabilities = device.Allocate(6);
        using var losses = device.Allocate(2);
        stream.Upload(new[] { 1f, 3f }, labels.All).Wait();
        var host = new float[2];

        stream.SoftmaxCrossEntropyForward(logits.All, labels.All, 2, 3, probabilities.All, losses.All);
        var forward = Assert.Throws<ArgumentException>(() => stream.Download(losses.All, host).Wait());
        Assert.StartsWith("softmax-cross-entropy: label 3 at row 1 is not a class index in [0, 3)", forward.Message);
        Assert.True(float.IsNaN(host[1]));

        stream.SoftmaxCrossEntropyBackward(probabilities.All, labels.All, 2, 3, 1f, logits.All);
        var backward = Assert.Throws<ArgumentException>(stream.Synchronize);
        Assert.StartsWith("softmax-cross-entropy backward: label 3 at row 1", backward.Message);

        stream.Download(losses.All, host).Wait(); // reported once: the stream goes on
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 9)]
    public void RegressionLosses_ForwardAndBackward_MatchReference(int rows, int cols) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(rows * cols, 24, 5f), ReferenceComparison.Uniform(rows * cols, 25, 0, 1), new float[rows], new float[rows * cols], new float[rows], new float[rows * cols]], (s, x) =>
        {
            s.MeanSquaredErrorForward(x[0], x[1], rows, cols, x[2]);
            s.MeanSquaredErrorBackward(x[0], x[1], rows, cols, 0.5f, x[3]);
            s.BinaryCrossEntropyWithLogitsForward(x[0], x[1], rows, cols, x[4]);
            s.BinaryCrossEntropyWithLogitsBackward(x[0], x[1], rows, cols, 0.5f, x[5]);
        });

    [Theory]
    [InlineData(1, 1, 0.5f)]
    [InlineData(37, 29, 0.3f)]
    [InlineData(64, 513, 0.9f)]
    public void Dropout_ForwardAndBackward_EqualReferenceBitForBit(int rows, int cols, float rate)
    {
        var key = new DropoutKey(0xDEADBEEF12345UL, Layer: 3, Step: 123_456_789, RowOffset: 5);
        Compare.AssertMatches(0f, [ReferenceComparison.Gaussian(rows * cols, 26), new float[rows * cols], ReferenceComparison.Gaussian(rows * cols, 27), new float[rows * cols]], (s, x) =>
        {
            s.DropoutForward(x[0], x[1], rows, cols, rate, key);
            s.DropoutBackward(x[2], x[3], rows, cols, rate, key);
        });
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(33, 7)]
    [InlineData(128, 300)]
    public void BatchNorm_TrainingForwardAndBackward_MatchesReference(int rows, int cols)
    {
        var x = ReferenceComparison.Gaussian(rows * cols, 28, 3f).Select(v => v + 2f).ToArray();
        Compare.AssertMatches(1e-4f,
            [x, new float[2 * cols], new float[2 * cols], ReferenceComparison.Uniform(cols, 29, -1, 1), ReferenceComparison.Uniform(cols, 30, 0.5f, 2),
             ReferenceComparison.Uniform(cols, 31, 0.5f, 1.5f), ReferenceComparison.Gaussian(cols, 32), new float[rows * cols],
             ReferenceComparison.Gaussian(rows * cols, 33), new float[2 * cols], new float[rows * cols], new float[2 * cols]],
            (s, b) =>
            {
                s.ColumnMoments(b[0], rows, cols, b[1]);
                s.BatchNormStatistics(b[1], rows, cols, 0.1f, 1e-5f, b[2], b[3], b[4]);
                s.BatchNormNormalize(b[0], b[7], rows, cols, b[2], b[5], b[6]);
                s.BatchNormBackwardReductions(b[0], b[8], rows, cols, b[2], b[9]);
                s.BatchNormBackwardInput(b[0], b[8], rows, cols, rows, b[2], b[5], b[9], b[10]);
                s.BatchNormInferenceStatistics(b[3], b[4], cols, 1e-5f, b[11]);
            });
    }

    public static TheoryData<OptimizerKind> Optimizers() => [.. Enum.GetValues<OptimizerKind>()];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void OptimizerStep_WithClippingAndPenalties_MatchesReference(OptimizerKind kind)
    {
        const int n = 1003;
        var update = new OptimizerUpdate
        {
            Kind = kind, LearningRate = 0.01f, Step = 3, GradientScale = 0.5f, MaxGradientNorm = 4f, ClipValue = 0.8f,
            L2 = 1e-3f, L1 = 1e-4f, WeightDecay = 0.01f, Momentum = 0.9f,
        };
        var gradients = ReferenceComparison.Gaussian(n, 34);
        float normSquared = gradients.Sum(g => g * g);
        Compare.AssertMatches(1e-5f,
            [ReferenceComparison.Gaussian(n, 35), gradients, ReferenceComparison.Uniform(n, 36, 0, 0.1f), ReferenceComparison.Uniform(n, 37, 0, 0.1f), [normSquared]],
            (s, x) =>
            {
                s.OptimizerStep(update, x[0], x[1], x[2], x[3], x[4]);
                s.OptimizerStep(update with { Step = 4, MaxGradientNorm = 0f }, x[0], x[1], x[2], x[3], default);
            });
    }
}

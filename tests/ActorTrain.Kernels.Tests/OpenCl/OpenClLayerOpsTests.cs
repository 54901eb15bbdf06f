using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>
/// Layer ops beyond the shared device contract: dropout equal to the reference bit for bit (mask and kept values, or
/// data-parallel replicas on mixed devices would train different models), and a bad label found by a kernel.
/// </summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClLayerOpsTests(OpenClDeviceFixture fixture)
{
    private ReferenceComparison Compare => new(fixture.Device);

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
}

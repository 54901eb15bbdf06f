using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Bad arguments are refused with an <see cref="ArgumentException"/> whose message names the op and
/// the sizes involved, so a shape bug in a layer reads as such instead of as garbage in a later step.
/// </summary>
public abstract partial class DeviceContractTests
{
    /// <summary>A stream of the device under test, disjoint spans of one of its buffers, and a span of another device.</summary>
    private sealed class ArgumentFixture : IDisposable
    {
        private readonly IDevice _device;
        private readonly ReferenceDevice _other = new("other:7");
        private int _used;

        public ArgumentFixture(IDevice device)
        {
            _device = device;
            Stream = device.CreateStream();
            Buffer = device.Allocate(4096);
            Foreign = _other.Allocate(64).All;
        }

        public IDeviceStream Stream { get; }

        public DeviceBuffer Buffer { get; }

        /// <summary>A span of another device.</summary>
        public DeviceSpan Foreign { get; }

        /// <summary>A span of this device; consecutive calls return disjoint spans.</summary>
        public DeviceSpan Span(int length)
        {
            var span = Buffer.Slice(_used, length);
            _used += length;
            return span;
        }

        public void Dispose()
        {
            Buffer.Dispose();
            Stream.Dispose();
            _device.Dispose();
            _other.Dispose();
        }
    }

    private static void AssertRefused(Action op, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(op);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Ops_SpanOfAnotherDevice_RefusedNamingBothDevices()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;
        var own = f.Span(64);
        string[] names = ["other:7", s.Device.Name];

        AssertRefused(() => s.Fill(f.Foreign, 1f), names);
        AssertRefused(() => s.Copy(own, f.Foreign), names);
        AssertRefused(() => s.Axpby(1f, f.Foreign, 1f, own), names);
        AssertRefused(() => s.Gemm(Transpose.None, Transpose.None, 8, 8, 8, 1f, own, f.Foreign, 0f, f.Span(64)), names);
        AssertRefused(() => s.ActivationForward(Activation.Relu, f.Foreign, own), names);
        AssertRefused(() => s.SumOfSquares(f.Foreign, 0f, own.Slice(0, 1)), names);
        AssertRefused(() => s.Download(f.Foreign, new float[64]), names);
        AssertRefused(() => s.Upload(new float[64], f.Foreign), names);
        var sgd = new OptimizerUpdate { Kind = OptimizerKind.Sgd, LearningRate = 0.1f, Step = 1 };
        AssertRefused(() => s.OptimizerStep(sgd, own, f.Foreign, default, default, default), names);
    }

    [Fact]
    public void Ops_SpanOfAnotherDeviceOfTheSameKind_Refused()
    {
        using var f = new ArgumentFixture(CreateDevice());
        using var twin = CreateDevice(); // same name, different memory: ownership is by device, not by name
        using var buffer = twin.Allocate(16);

        AssertRefused(() => f.Stream.Fill(buffer.All, 1f), "does not belong");
    }

    [Fact]
    public void Gemm_ShortSpans_RefusedNamingOperandAndSizes()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;

        AssertRefused(() => s.Gemm(Transpose.None, Transpose.None, 3, 5, 4, 1f, f.Span(11), f.Span(20), 0f, f.Span(15)), "gemm A (3x4)", "needs 12", "holds 11");
        AssertRefused(() => s.Gemm(Transpose.Transposed, Transpose.None, 3, 5, 4, 1f, f.Span(11), f.Span(20), 0f, f.Span(15)), "gemm A (4x3)", "needs 12");
        AssertRefused(() => s.Gemm(Transpose.None, Transpose.Transposed, 3, 5, 4, 1f, f.Span(12), f.Span(19), 0f, f.Span(15)), "gemm B (5x4)", "needs 20", "holds 19");
        AssertRefused(() => s.Gemm(Transpose.None, Transpose.None, 3, 5, 4, 1f, f.Span(12), f.Span(20), 0f, f.Span(14)), "gemm C (3x5)", "needs 15", "holds 14");
        // With a leading dimension A's last row ends (rows − 1)·lda + cols in; one below its columns is refused.
        AssertRefused(() => s.Gemm(Transpose.None, Transpose.None, 3, 5, 4, 1f, f.Span(19), f.Span(20), 0f, f.Span(15), lda: 8), "gemm A (3x4, leading dimension 8)", "needs 20", "holds 19");
        AssertRefused(() => s.Gemm(Transpose.Transposed, Transpose.None, 3, 5, 4, 1f, f.Span(30), f.Span(20), 0f, f.Span(15), lda: 2), "gemm A (4x3 as stored)", "leading dimension 2");
        AssertRefused(() => s.Gemm(Transpose.None, Transpose.None, 3, 5, 4, 1f, f.Span(30), f.Span(20), 0f, f.Span(15), lda: -8), "gemm A (3x4 as stored)", "leading dimension -8");
    }

    [Fact]
    public void Slice_OutsideBuffer_RefusedNamingRangeAndLength()
    {
        using var f = new ArgumentFixture(CreateDevice());

        AssertRefused(() => f.Buffer.Slice(4000, 100), "[4000, 4100)", "4096");
        AssertRefused(() => f.Buffer.Slice(-1, 2), "outside");
        AssertRefused(() => f.Buffer.Slice(10, 5).Slice(3, 3), "[3, 6)", "span of 5");
    }

    [Fact]
    public void Gemm_NegativeSize_RefusedNamingSizes()
    {
        using var f = new ArgumentFixture(CreateDevice());

        AssertRefused(() => f.Stream.Gemm(Transpose.None, Transpose.None, -1, 5, 4, 1f, f.Span(20), f.Span(20), 0f, f.Span(20)), "gemm", "m=-1 n=5 k=4");
        AssertRefused(() => f.Stream.Gemm(Transpose.None, Transpose.None, 2, 5, -4, 1f, f.Span(20), f.Span(20), 0f, f.Span(20)), "gemm", "k=-4");
    }

    [Fact]
    public void MatrixOps_ShortSpansOrBadShapes_RefusedNamingOpAndSizes()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;

        AssertRefused(() => s.AddRowVector(f.Span(12), 3, 4, f.Span(3)), "add-row-vector vector", "needs 4", "holds 3");
        AssertRefused(() => s.AddRowVector(f.Span(11), 3, 4, f.Span(4)), "add-row-vector matrix", "needs 12");
        AssertRefused(() => s.AddRowVector(f.Span(12), -3, 4, f.Span(4)), "add-row-vector", "-3x4");
        AssertRefused(() => s.SumRows(f.Span(12), 3, 4, 0f, f.Span(3)), "sum-rows result", "needs 4");
        AssertRefused(() => s.SumRows(f.Span(12), 3, 0, 0f, f.Span(3)), "sum-rows", "3x0");
        AssertRefused(() => s.ArgMaxRows(f.Span(12), 3, 4, f.Span(2)), "argmax-rows result", "needs 3");
        AssertRefused(() => s.SumOfSquares(f.Span(12), 0f, f.Span(0)), "sum-of-squares result", "needs 1");
        AssertRefused(() => s.Axpby(1f, f.Span(7), 1f, f.Span(8)), "axpby", "7", "8");
        AssertRefused(() => s.Copy(f.Span(7), f.Span(8)), "copy", "7", "8");
        AssertRefused(() => s.ActivationForward(Activation.Tanh, f.Span(7), f.Span(8)), "tanh forward", "7", "8");
        AssertRefused(() => s.ActivationBackward(Activation.LeakyRelu(), f.Span(8), f.Span(8), f.Span(9)), "leaky-relu(0.01) backward", "8", "9");
        AssertRefused(() => s.Upload(new float[9], f.Span(8)), "upload", "needs 9", "holds 8");
        AssertRefused(() => s.Download(f.Span(9), new float[8]), "download", "9", "8");
    }

    [Fact]
    public void Losses_ShortSpans_RefusedNamingOpAndSizes()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;

        AssertRefused(() => s.SoftmaxCrossEntropyForward(f.Span(30), f.Span(3), 3, 10, f.Span(29), f.Span(3)), "softmax-cross-entropy probabilities", "needs 30", "holds 29");
        AssertRefused(() => s.SoftmaxCrossEntropyForward(f.Span(30), f.Span(2), 3, 10, f.Span(30), f.Span(3)), "softmax-cross-entropy target", "needs 3");
        AssertRefused(() => s.MeanSquaredErrorForward(f.Span(12), f.Span(11), 3, 4, f.Span(3)), "mse target", "needs 12");
        AssertRefused(() => s.BinaryCrossEntropyWithLogitsBackward(f.Span(12), f.Span(12), 3, 4, 1f, f.Span(10)), "bce-with-logits dLogits", "needs 12");
    }

    [Theory]
    [InlineData(10f)]
    [InlineData(-1f)]
    [InlineData(2.5f)]
    [InlineData(float.NaN)]
    public void SoftmaxCrossEntropy_LabelNotAClassIndex_RefusedNamingOpRowAndClasses(float label)
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;
        var labels = f.Span(3);
        s.Upload(new[] { 0f, label, 1f }, labels).Wait();

        // Labels are data on the device: an asynchronous device finds a bad one in its kernel and refuses it at the next
        // wait, so the refusal is awaited up to a Synchronize.
        AssertRefused(() => { s.SoftmaxCrossEntropyForward(f.Span(30), labels, 3, 10, f.Span(30), f.Span(3)); s.Synchronize(); }, "softmax-cross-entropy", "row 1", "[0, 10)");
        AssertRefused(() => { s.SoftmaxCrossEntropyBackward(f.Span(30), labels, 3, 10, 1f, f.Span(30)); s.Synchronize(); }, "softmax-cross-entropy backward", "row 1", "[0, 10)");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Dropout_RateOutsideZeroToOne_RefusedNamingDropout(float rate)
    {
        using var f = new ArgumentFixture(CreateDevice());
        var key = new DropoutKey(1, 0, 1, 0);

        AssertRefused(() => f.Stream.DropoutForward(f.Span(12), f.Span(12), 3, 4, rate, key), "dropout");
        AssertRefused(() => f.Stream.DropoutBackward(f.Span(12), f.Span(12), 3, 4, rate, key), "dropout");
        AssertRefused(() => f.Stream.DropoutForward(f.Span(12), f.Span(11), 3, 4, 0.5f, key), "dropout output", "needs 12");
    }

    [Fact]
    public void BatchNorm_BadCountOrShortSpans_RefusedNamingOpAndSizes()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;

        AssertRefused(() => s.BatchNormStatistics(f.Span(8), 1, 4, 0.1f, 1e-5f, f.Span(8), f.Span(4), f.Span(4)), "batch norm", "got 1");
        AssertRefused(() => s.ColumnMoments(f.Span(12), 3, 4, f.Span(7)), "batch-norm moments", "needs 8");
        AssertRefused(() => s.BatchNormNormalize(f.Span(12), f.Span(12), 3, 4, f.Span(8), f.Span(3), f.Span(4)), "batch-norm gamma", "needs 4");
        AssertRefused(() => s.BatchNormBackwardInput(f.Span(12), f.Span(12), 3, 4, 3, f.Span(8), f.Span(4), f.Span(7), f.Span(12)), "batch-norm backward reductions", "needs 8");
    }

    [Fact]
    public void OptimizerStep_ShortStateOrBadStep_RefusedNamingOptimizer()
    {
        using var f = new ArgumentFixture(CreateDevice());
        var s = f.Stream;
        var adam = new OptimizerUpdate { Kind = OptimizerKind.Adam, LearningRate = 0.1f, Step = 1 };

        AssertRefused(() => s.OptimizerStep(adam, f.Span(10), f.Span(9), f.Span(10), f.Span(10), default), "Adam update", "10", "9");
        AssertRefused(() => s.OptimizerStep(adam, f.Span(10), f.Span(10), f.Span(10), f.Span(9), default), "Adam update second state", "10", "9");
        AssertRefused(() => s.OptimizerStep(adam with { Step = 0 }, f.Span(10), f.Span(10), f.Span(10), f.Span(10), default), "1-based");
        AssertRefused(() => s.OptimizerStep(adam with { MaxGradientNorm = 1f }, f.Span(10), f.Span(10), f.Span(10), f.Span(10), f.Span(0)), "gradient norm", "needs 1");
    }
}

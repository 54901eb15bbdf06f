using System.Numerics;
using System.Numerics.Tensors;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Native;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices.Cpu;

/// <summary>
/// The CPU device's stream: the reference stream with its hot ops replaced by OpenBLAS, TensorPrimitives and
/// <see cref="Vector{T}"/> loops. Dropout masks, batch-norm statistics and the regression losses keep the reference code
/// on purpose: one definition each (the dropout hash must match every device bit for bit), at a cost the default model,
/// which uses none of them, does not pay.
/// </summary>
internal sealed class CpuStream : ReferenceStream
{
    private readonly bool _openBlas;

    public CpuStream(CpuDevice device) : base(device) => _openBlas = device.UsesOpenBlas;

    protected override void GemmCore(Transpose transA, Transpose transB, int m, int n, int k, float alpha, Span<float> a, int lda, Span<float> b, float beta, Span<float> c)
    {
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        if (_openBlas) OpenBlas.Gemm(ta, tb, m, n, k, alpha, a, lda, b, beta, c);
        else ManagedGemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, beta, c);
    }

    public override void Axpby(float alpha, DeviceSpan x, float beta, DeviceSpan y)
    {
        CheckSameLength(x, y, "axpby");
        Span<float> xs = Host(x), ys = Host(y);
        if (beta != 1f) TensorPrimitives.Multiply(ys, beta, ys);
        TensorPrimitives.MultiplyAdd(xs, alpha, ys, ys);
    }

    public override void AddRowVector(DeviceSpan matrix, int rows, int cols, DeviceSpan vector)
    {
        CheckMatrix(rows, cols, "add-row-vector");
        Require(matrix, (long)rows * cols, "add-row-vector matrix");
        Require(vector, cols, "add-row-vector vector");
        Span<float> x = Host(matrix);
        ReadOnlySpan<float> v = Host(vector)[..cols];
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = x.Slice(r * cols, cols);
            TensorPrimitives.Add(row, v, row);
        }
    }

    public override void SumRows(DeviceSpan matrix, int rows, int cols, float beta, DeviceSpan result)
    {
        CheckMatrix(rows, cols, "sum-rows");
        Require(matrix, (long)rows * cols, "sum-rows matrix");
        Require(result, cols, "sum-rows result");
        Span<float> x = Host(matrix), s = Host(result)[..cols];
        if (beta == 0f) s.Clear();
        else if (beta != 1f) TensorPrimitives.Multiply(s, beta, s);
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(s, x.Slice(r * cols, cols), s);
    }

    public override void SumOfSquares(DeviceSpan x, float beta, DeviceSpan result)
    {
        Require(result, 1, "sum-of-squares result");
        Span<float> r = Host(result);
        r[0] = (beta == 0f ? 0f : beta * r[0]) + TensorPrimitives.SumOfSquares(Host(x));
    }

    public override void Sum(DeviceSpan x, DeviceSpan result)
    {
        Require(result, 1, "sum result");
        Host(result)[0] = TensorPrimitives.Sum(Host(x));
    }

    public override void ActivationForward(Activation activation, DeviceSpan x, DeviceSpan y)
    {
        CheckSameLength(x, y, $"{activation} forward");
        Span<float> xs = Host(x), ys = Host(y);
        switch (activation.Kind)
        {
            case ActivationKind.Identity: xs.CopyTo(ys); break;
            case ActivationKind.Relu: TensorPrimitives.Max(xs, 0f, ys); break;
            case ActivationKind.LeakyRelu: VectorLoops.LeakyRelu(xs, ys, activation.Slope); break;
            case ActivationKind.Sigmoid: TensorPrimitives.Sigmoid(xs, ys); break;
            case ActivationKind.Tanh: TensorPrimitives.Tanh(xs, ys); break;
            default: base.ActivationForward(activation, x, y); break;
        }
    }

    public override void ActivationBackward(Activation activation, DeviceSpan y, DeviceSpan dy, DeviceSpan dx)
    {
        CheckSameLength(y, dy, $"{activation} backward");
        CheckSameLength(y, dx, $"{activation} backward");
        Span<float> ys = Host(y), dys = Host(dy), dxs = Host(dx);
        switch (activation.Kind)
        {
            case ActivationKind.Identity: dys.CopyTo(dxs); break;
            case ActivationKind.Relu: VectorLoops.MaskPositive(ys, dys, dxs, 0f); break;
            case ActivationKind.LeakyRelu: VectorLoops.MaskPositive(ys, dys, dxs, activation.Slope); break;
            case ActivationKind.Sigmoid: VectorLoops.SigmoidBackward(ys, dys, dxs); break;
            case ActivationKind.Tanh: VectorLoops.TanhBackward(ys, dys, dxs); break;
            default: base.ActivationBackward(activation, y, dy, dx); break;
        }
    }

    public override void SoftmaxCrossEntropyForward(DeviceSpan logits, DeviceSpan labels, int rows, int classes, DeviceSpan probabilities, DeviceSpan losses)
    {
        CheckLoss(logits, labels, rows, classes, rows, "softmax-cross-entropy");
        Require(probabilities, (long)rows * classes, "softmax-cross-entropy probabilities");
        Require(losses, rows, "softmax-cross-entropy losses");
        Span<float> x = Host(logits), t = Host(labels), p = Host(probabilities), l = Host(losses);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = x.Slice(r * classes, classes), prob = p.Slice(r * classes, classes);
            float max = TensorPrimitives.Max(row); // TensorPrimitives.SoftMax does not subtract it: overflow at logits ≳ 88
            TensorPrimitives.Subtract(row, max, prob);
            TensorPrimitives.Exp(prob, prob);
            float sum = TensorPrimitives.Sum(prob);
            TensorPrimitives.Divide(prob, sum, prob);
            l[r] = MathF.Log(sum) + (max - row[CheckedLabel(t[r], r, classes, "softmax-cross-entropy")]); // max − x first: log(sum) + 1000 would round log(sum) to the ulp of 1000
        }
    }

    public override void SoftmaxCrossEntropyBackward(DeviceSpan probabilities, DeviceSpan labels, int rows, int classes, float scale, DeviceSpan dLogits)
    {
        CheckLoss(probabilities, labels, rows, classes, rows, "softmax-cross-entropy backward");
        Require(dLogits, (long)rows * classes, "softmax-cross-entropy dLogits");
        Span<float> p = Host(probabilities), t = Host(labels), d = Host(dLogits);
        TensorPrimitives.Multiply(p[..(rows * classes)], scale, d[..(rows * classes)]);
        for (int r = 0; r < rows; r++) d[r * classes + CheckedLabel(t[r], r, classes, "softmax-cross-entropy backward")] -= scale;
    }

    public override void OptimizerStep(in OptimizerUpdate update, DeviceSpan parameters, DeviceSpan gradients, DeviceSpan state1, DeviceSpan state2, DeviceSpan gradientNormSquared)
    {
        CheckOptimizer(update, parameters, gradients, state1, state2, gradientNormSquared);
        int states = OptimizerUpdate.StateVectors(update.Kind);
        VectorizedOptimizer.Step(update, Host(parameters), Host(gradients),
            states >= 1 ? Host(state1) : default, states >= 2 ? Host(state2) : default,
            update.MaxGradientNorm > 0f ? Host(gradientNormSquared)[0] : 0f);
    }
}

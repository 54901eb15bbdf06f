using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices.Reference;

public partial class ReferenceStream
{
    protected internal static int CheckedLabel(float label, int row, int classes, string op)
    {
        int index = (int)label;
        if (index != label || index < 0 || index >= classes)
            throw new ArgumentException($"{op}: label {label} at row {row} is not a class index in [0, {classes})");
        return index;
    }

    protected internal static void CheckLoss(DeviceSpan input, DeviceSpan target, int rows, int cols, long targetLength, string op)
    {
        CheckMatrix(rows, cols, op);
        Require(input, (long)rows * cols, $"{op} input");
        Require(target, targetLength, $"{op} target");
    }

    public virtual void SoftmaxCrossEntropyForward(DeviceSpan logits, DeviceSpan labels, int rows, int classes, DeviceSpan probabilities, DeviceSpan losses)
    {
        CheckLoss(logits, labels, rows, classes, rows, "softmax-cross-entropy");
        Require(probabilities, (long)rows * classes, "softmax-cross-entropy probabilities");
        Require(losses, rows, "softmax-cross-entropy losses");
        Span<float> x = Host(logits), t = Host(labels), p = Host(probabilities), l = Host(losses);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * classes, classes);
            double max = double.NegativeInfinity;
            foreach (float v in row) max = Math.Max(max, v);
            double sum = 0;
            foreach (float v in row) sum += Math.Exp(v - max);
            double logSum = Math.Log(sum);
            for (int c = 0; c < classes; c++) p[r * classes + c] = (float)Math.Exp(row[c] - max - logSum);
            l[r] = (float)(logSum + max - row[CheckedLabel(t[r], r, classes, "softmax-cross-entropy")]); // −log softmax at the label, never log(0)
        }
    }

    public virtual void SoftmaxCrossEntropyBackward(DeviceSpan probabilities, DeviceSpan labels, int rows, int classes, float scale, DeviceSpan dLogits)
    {
        CheckLoss(probabilities, labels, rows, classes, rows, "softmax-cross-entropy backward");
        Require(dLogits, (long)rows * classes, "softmax-cross-entropy dLogits");
        Span<float> p = Host(probabilities), t = Host(labels), d = Host(dLogits);
        for (int r = 0; r < rows; r++)
        {
            int label = CheckedLabel(t[r], r, classes, "softmax-cross-entropy backward");
            for (int c = 0; c < classes; c++)
                d[r * classes + c] = scale * (p[r * classes + c] - (c == label ? 1f : 0f));
        }
    }

    public virtual void MeanSquaredErrorForward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, DeviceSpan losses)
    {
        CheckLoss(prediction, target, rows, cols, (long)rows * cols, "mse");
        Require(losses, rows, "mse losses");
        Span<float> p = Host(prediction), t = Host(target), l = Host(losses);
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                double e = p[r * cols + c] - t[r * cols + c];
                sum += e * e;
            }
            l[r] = (float)(sum / cols);
        }
    }

    public virtual void MeanSquaredErrorBackward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dPrediction)
    {
        CheckLoss(prediction, target, rows, cols, (long)rows * cols, "mse backward");
        Require(dPrediction, (long)rows * cols, "mse dPrediction");
        Span<float> p = Host(prediction), t = Host(target), d = Host(dPrediction);
        for (int i = 0; i < rows * cols; i++) d[i] = (float)(scale * 2.0 * (p[i] - t[i]) / cols);
    }

    public virtual void BinaryCrossEntropyWithLogitsForward(DeviceSpan logits, DeviceSpan target, int rows, int cols, DeviceSpan losses)
    {
        CheckLoss(logits, target, rows, cols, (long)rows * cols, "bce-with-logits");
        Require(losses, rows, "bce-with-logits losses");
        Span<float> x = Host(logits), t = Host(target), l = Host(losses);
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                double v = x[r * cols + c];
                sum += Math.Max(v, 0) - v * t[r * cols + c] + Math.Log(1 + Math.Exp(-Math.Abs(v)));
            }
            l[r] = (float)(sum / cols);
        }
    }

    public virtual void BinaryCrossEntropyWithLogitsBackward(DeviceSpan logits, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dLogits)
    {
        CheckLoss(logits, target, rows, cols, (long)rows * cols, "bce-with-logits backward");
        Require(dLogits, (long)rows * cols, "bce-with-logits dLogits");
        Span<float> x = Host(logits), t = Host(target), d = Host(dLogits);
        for (int i = 0; i < rows * cols; i++) d[i] = (float)(scale * (1 / (1 + Math.Exp(-x[i])) - t[i]) / cols);
    }

    protected internal static void CheckDropout(DeviceSpan a, DeviceSpan b, int rows, int cols, float rate)
    {
        CheckMatrix(rows, cols, "dropout");
        Require(a, (long)rows * cols, "dropout input");
        Require(b, (long)rows * cols, "dropout output");
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "dropout rate must be in [0, 1)");
    }

    public virtual void DropoutForward(DeviceSpan x, DeviceSpan y, int rows, int cols, float rate, DropoutKey key) =>
        ApplyDropoutMask(x, y, rows, cols, rate, key);

    public virtual void DropoutBackward(DeviceSpan dy, DeviceSpan dx, int rows, int cols, float rate, DropoutKey key) =>
        ApplyDropoutMask(dy, dx, rows, cols, rate, key);

    /// <summary>Forward and backward are the same masking: the mask is regenerated from the key, never stored.</summary>
    private void ApplyDropoutMask(DeviceSpan input, DeviceSpan output, int rows, int cols, float rate, DropoutKey key)
    {
        CheckDropout(input, output, rows, cols, rate);
        Span<float> a = Host(input), b = Host(output);
        float keepScale = 1f / (1f - rate);
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            b[r * cols + c] = key.Keeps(r, c, cols, rate) ? a[r * cols + c] * keepScale : 0f;
    }
}

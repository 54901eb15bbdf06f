namespace ActorTrain.Kernels.Devices.Reference;

public partial class ReferenceStream
{
    protected internal static void CheckColumns(DeviceSpan span, int cols, int multiple, string what) => Require(span, (long)cols * multiple, what);

    public virtual void ColumnMoments(DeviceSpan x, int rows, int cols, DeviceSpan moments)
    {
        CheckMatrix(rows, cols, "batch-norm moments");
        Require(x, (long)rows * cols, "batch-norm moments input");
        CheckColumns(moments, cols, 2, "batch-norm moments");
        Span<float> xs = Host(x), m = Host(moments);
        for (int c = 0; c < cols; c++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double v = xs[r * cols + c];
                sum += v;
                squares += v * v;
            }
            m[c] += (float)sum;
            m[cols + c] += (float)squares;
        }
    }

    public virtual void BatchNormStatistics(DeviceSpan moments, int count, int cols, float momentum, float epsilon, DeviceSpan saved, DeviceSpan runningMean, DeviceSpan runningVar)
    {
        if (count < 2) throw new ArgumentException($"batch norm in training needs at least 2 rows per batch, got {count}");
        CheckColumns(moments, cols, 2, "batch-norm moments");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(runningMean, cols, 1, "batch-norm running mean");
        CheckColumns(runningVar, cols, 1, "batch-norm running variance");
        Span<float> m = Host(moments), s = Host(saved), rm = Host(runningMean), rv = Host(runningVar);
        for (int c = 0; c < cols; c++)
        {
            double mean = (double)m[c] / count;
            double variance = Math.Max(0.0, (double)m[cols + c] / count - mean * mean); // biased, used to normalise
            s[c] = (float)mean;
            s[cols + c] = (float)(1 / Math.Sqrt(variance + epsilon));
            rm[c] = (float)((1 - momentum) * rm[c] + momentum * mean);
            rv[c] = (float)((1 - momentum) * rv[c] + momentum * variance * count / (count - 1)); // unbiased, as PyTorch
        }
    }

    public virtual void BatchNormInferenceStatistics(DeviceSpan runningMean, DeviceSpan runningVar, int cols, float epsilon, DeviceSpan saved)
    {
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(runningMean, cols, 1, "batch-norm running mean");
        CheckColumns(runningVar, cols, 1, "batch-norm running variance");
        Span<float> s = Host(saved), rm = Host(runningMean), rv = Host(runningVar);
        for (int c = 0; c < cols; c++)
        {
            s[c] = rm[c];
            s[cols + c] = (float)(1 / Math.Sqrt(rv[c] + (double)epsilon));
        }
    }

    public virtual void BatchNormNormalize(DeviceSpan x, DeviceSpan y, int rows, int cols, DeviceSpan saved, DeviceSpan gamma, DeviceSpan beta)
    {
        CheckMatrix(rows, cols, "batch-norm normalize");
        Require(x, (long)rows * cols, "batch-norm input");
        Require(y, (long)rows * cols, "batch-norm output");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(gamma, cols, 1, "batch-norm gamma");
        CheckColumns(beta, cols, 1, "batch-norm beta");
        Span<float> xs = Host(x), ys = Host(y), s = Host(saved), g = Host(gamma), b = Host(beta);
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            ys[r * cols + c] = (float)(g[c] * ((double)xs[r * cols + c] - s[c]) * s[cols + c] + b[c]);
    }

    public virtual void BatchNormBackwardReductions(DeviceSpan x, DeviceSpan dy, int rows, int cols, DeviceSpan saved, DeviceSpan reductions)
    {
        CheckMatrix(rows, cols, "batch-norm backward");
        Require(x, (long)rows * cols, "batch-norm backward input");
        Require(dy, (long)rows * cols, "batch-norm backward dy");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(reductions, cols, 2, "batch-norm backward reductions");
        Span<float> xs = Host(x), d = Host(dy), s = Host(saved), red = Host(reductions);
        for (int c = 0; c < cols; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int r = 0; r < rows; r++)
            {
                double xhat = ((double)xs[r * cols + c] - s[c]) * s[cols + c];
                sumDy += d[r * cols + c];
                sumDyXhat += d[r * cols + c] * xhat;
            }
            red[c] += (float)sumDy;
            red[cols + c] += (float)sumDyXhat;
        }
    }

    public virtual void BatchNormBackwardInput(DeviceSpan x, DeviceSpan dy, int rows, int cols, int count, DeviceSpan saved, DeviceSpan gamma, DeviceSpan reductions, DeviceSpan dx)
    {
        CheckMatrix(rows, cols, "batch-norm backward");
        Require(x, (long)rows * cols, "batch-norm backward input");
        Require(dy, (long)rows * cols, "batch-norm backward dy");
        Require(dx, (long)rows * cols, "batch-norm backward dx");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(gamma, cols, 1, "batch-norm gamma");
        CheckColumns(reductions, cols, 2, "batch-norm backward reductions");
        Span<float> xs = Host(x), d = Host(dy), s = Host(saved), g = Host(gamma), red = Host(reductions), dxs = Host(dx);
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
        {
            int i = r * cols + c;
            double xhat = ((double)xs[i] - s[c]) * s[cols + c];
            dxs[i] = (float)(g[c] * s[cols + c] * (d[i] - red[c] / (double)count - xhat * red[cols + c] / count));
        }
    }
}

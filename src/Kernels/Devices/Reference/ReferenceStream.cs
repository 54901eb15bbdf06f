using System.Runtime.CompilerServices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices.Reference;

/// <summary>
/// Scalar reference of every op, split into partial files by concern. Work runs as it is enqueued, so every event is
/// already complete. Faster host streams derive from it and override the hot ops, so each op has exactly one
/// reference and shape checks are written once (the static <c>Check*</c> helpers, which overrides and the OpenCL stream call too).
/// </summary>
public partial class ReferenceStream : IDeviceStream
{
    public ReferenceStream(HostDevice device) => Device = device;

    public IDevice Device { get; }

    /// <summary>The host memory behind a span of this device.</summary>
    protected Span<float> Host(DeviceSpan span)
    {
        if (span.Buffer is not HostBuffer host || !ReferenceEquals(span.Buffer.Device, Device))
            throw new ArgumentException($"span {span} does not belong to device {Device.Name}");
        return host.Data.AsSpan(span.Offset, span.Length);
    }

    protected internal static void Require(DeviceSpan span, long count, string what)
    {
        if (span.Length < count)
            throw new ArgumentException($"{what} needs {count} values but its span holds {span.Length}");
    }

    /// <summary>As above, with a message that is only formatted when the check fails.</summary>
    protected internal static void Require(DeviceSpan span, long count, [InterpolatedStringHandlerArgument("span", "count")] ref CheckMessage what)
    {
        if (span.Length < count) Require(span, count, what.ToString());
    }

    /// <summary>As <see cref="Require"/> for a rows×cols matrix, formatting the shape only on failure: GEMM is called thousands of times a second.</summary>
    protected internal static void RequireMatrix(DeviceSpan span, int rows, int cols, string what)
    {
        if (span.Length < (long)rows * cols) Require(span, (long)rows * cols, $"{what} ({rows}x{cols})");
    }

    protected internal static void CheckMatrix(int rows, int cols, string op)
    {
        if (rows < 0 || cols <= 0) throw new ArgumentException($"{op}: invalid shape {rows}x{cols}");
    }

    protected internal static void CheckSameLength(DeviceSpan a, DeviceSpan b, string op)
    {
        if (a.Length != b.Length) throw new ArgumentException($"{op}: lengths differ ({a.Length} vs {b.Length})");
    }

    /// <summary>As above, with a message that is only formatted when the check fails.</summary>
    protected internal static void CheckSameLength(DeviceSpan a, DeviceSpan b, [InterpolatedStringHandlerArgument("a", "b")] ref CheckMessage op)
    {
        if (a.Length != b.Length) CheckSameLength(a, b, op.ToString());
    }

    public DeviceEvent Upload(ReadOnlyMemory<float> source, DeviceSpan destination)
    {
        Require(destination, source.Length, "upload destination");
        source.Span.CopyTo(Host(destination));
        return DeviceEvent.Completed;
    }

    public DeviceEvent Download(DeviceSpan source, Memory<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"download of {source.Length} values into host memory of {destination.Length}");
        Host(source).CopyTo(destination.Span);
        return DeviceEvent.Completed;
    }

    public DeviceEvent Record() => DeviceEvent.Completed;

    public void Synchronize() { }

    public void Fill(DeviceSpan x, float value) => Host(x).Fill(value);

    public void Copy(DeviceSpan source, DeviceSpan destination)
    {
        CheckSameLength(source, destination, "copy");
        Host(source).CopyTo(Host(destination));
    }

    public virtual void Axpby(float alpha, DeviceSpan x, float beta, DeviceSpan y)
    {
        CheckSameLength(x, y, "axpby");
        Span<float> xs = Host(x), ys = Host(y);
        for (int i = 0; i < xs.Length; i++) ys[i] = alpha * xs[i] + beta * ys[i];
    }

    /// <returns>A's leading dimension, <paramref name="lda"/> or the packed one when it is 0.</returns>
    protected internal static int CheckGemm(Transpose transA, Transpose transB, int m, int n, int k, DeviceSpan a, DeviceSpan b, DeviceSpan c, int lda = 0)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"gemm with negative size m={m} n={n} k={k}");
        int rows = transA == Transpose.None ? m : k, cols = transA == Transpose.None ? k : m;
        if (lda != 0 && lda < Math.Max(1, cols)) throw new ArgumentException($"gemm A ({rows}x{cols} as stored): leading dimension {lda} is below its {cols} columns");
        int ld = lda == 0 ? cols : lda;
        if (ld != cols && rows > 0 && cols > 0)
        {
            long needed = (long)(rows - 1) * ld + cols;
            if (a.Length < needed) Require(a, needed, $"gemm A ({rows}x{cols}, leading dimension {ld})");
        }
        else RequireMatrix(a, rows, cols, "gemm A");
        RequireMatrix(b, transB == Transpose.None ? k : n, transB == Transpose.None ? n : k, "gemm B");
        RequireMatrix(c, m, n, "gemm C");
        return ld;
    }

    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, DeviceSpan a, DeviceSpan b, float beta, DeviceSpan c, int lda = 0)
    {
        int ld = CheckGemm(transA, transB, m, n, k, a, b, c, lda);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            // C = βC. Handled here for every host stream: BLAS refuses a leading dimension of 0 (k = 0) through xerbla.
            var cs = Host(c)[..(m * n)];
            if (beta == 0f) cs.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(cs, beta, cs);
            return;
        }
        GemmCore(transA, transB, m, n, k, alpha, Host(a), ld, Host(b), beta, Host(c));
    }

    /// <summary>
    /// Sizes already checked. C[i,j] = alpha Σ_p op(A)[i,p] op(B)[p,j] + beta C[i,j], with beta = 0 ignoring C (BLAS
    /// semantics: NaN in C is not propagated); A's stored rows are <paramref name="lda"/> apart.
    /// </summary>
    protected virtual void GemmCore(Transpose transA, Transpose transB, int m, int n, int k, float alpha, Span<float> a, int lda, Span<float> b, float beta, Span<float> c)
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
            {
                float aip = transA == Transpose.None ? a[i * lda + p] : a[p * lda + i];
                float bpj = transB == Transpose.None ? b[p * n + j] : b[j * k + p];
                sum += (double)aip * bpj;
            }
            c[i * n + j] = (float)(alpha * sum + (beta == 0f ? 0.0 : (double)beta * c[i * n + j]));
        }
    }

    public virtual void AddRowVector(DeviceSpan matrix, int rows, int cols, DeviceSpan vector)
    {
        CheckMatrix(rows, cols, "add-row-vector");
        Require(matrix, (long)rows * cols, "add-row-vector matrix");
        Require(vector, cols, "add-row-vector vector");
        Span<float> x = Host(matrix), v = Host(vector);
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            x[r * cols + c] += v[c];
    }

    public virtual void SumRows(DeviceSpan matrix, int rows, int cols, float beta, DeviceSpan result)
    {
        CheckMatrix(rows, cols, "sum-rows");
        Require(matrix, (long)rows * cols, "sum-rows matrix");
        Require(result, cols, "sum-rows result");
        Span<float> x = Host(matrix), s = Host(result);
        for (int c = 0; c < cols; c++)
        {
            double sum = beta == 0f ? 0.0 : (double)beta * s[c];
            for (int r = 0; r < rows; r++) sum += x[r * cols + c];
            s[c] = (float)sum;
        }
    }

    public virtual void SumOfSquares(DeviceSpan x, float beta, DeviceSpan result)
    {
        Require(result, 1, "sum-of-squares result");
        Span<float> r = Host(result);
        double sum = beta == 0f ? 0.0 : (double)beta * r[0];
        foreach (float v in Host(x)) sum += (double)v * v;
        r[0] = (float)sum;
    }

    public virtual void Sum(DeviceSpan x, DeviceSpan result)
    {
        Require(result, 1, "sum result");
        double sum = 0;
        foreach (float v in Host(x)) sum += v;
        Host(result)[0] = (float)sum;
    }

    public virtual void ArgMaxRows(DeviceSpan matrix, int rows, int cols, DeviceSpan result)
    {
        CheckMatrix(rows, cols, "argmax-rows");
        Require(matrix, (long)rows * cols, "argmax-rows matrix");
        Require(result, rows, "argmax-rows result");
        Span<float> x = Host(matrix), o = Host(result);
        for (int r = 0; r < rows; r++)
        {
            int best = 0;
            for (int c = 1; c < cols; c++)
                if (x[r * cols + c] > x[r * cols + best]) best = c;
            o[r] = best;
        }
    }

    public virtual void ActivationForward(Activation activation, DeviceSpan x, DeviceSpan y)
    {
        CheckSameLength(x, y, $"{activation} forward");
        Span<float> xs = Host(x), ys = Host(y);
        for (int i = 0; i < xs.Length; i++)
        {
            double v = xs[i];
            ys[i] = (float)(activation.Kind switch
            {
                ActivationKind.Identity => v,
                ActivationKind.Relu => v > 0 ? v : 0,
                ActivationKind.LeakyRelu => v > 0 ? v : activation.Slope * v,
                ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-v)),
                ActivationKind.Tanh => Math.Tanh(v),
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
            });
        }
    }

    public virtual void ActivationBackward(Activation activation, DeviceSpan y, DeviceSpan dy, DeviceSpan dx)
    {
        CheckSameLength(y, dy, $"{activation} backward");
        CheckSameLength(y, dx, $"{activation} backward");
        Span<float> ys = Host(y), dys = Host(dy), dxs = Host(dx);
        for (int i = 0; i < ys.Length; i++)
        {
            double v = ys[i];
            double derivative = activation.Kind switch
            {
                ActivationKind.Identity => 1,
                ActivationKind.Relu => v > 0 ? 1 : 0,
                ActivationKind.LeakyRelu => v > 0 ? 1 : activation.Slope,
                ActivationKind.Sigmoid => v * (1 - v),
                ActivationKind.Tanh => 1 - v * v,
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
            };
            dxs[i] = (float)(dys[i] * derivative);
        }
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

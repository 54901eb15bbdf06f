using System.Numerics;

namespace ActorTrain.Kernels.Devices.Cpu;

/// <summary>Elementwise passes that TensorPrimitives has no single call for, as <see cref="Vector{T}"/> loops with a scalar tail.</summary>
internal static class VectorLoops
{
    /// <summary>
    /// y = x where x &gt; 0, slope·x elsewhere. A select rather than two TensorPrimitives passes (slope·x into y, then
    /// max with x), which read a clobbered x when y is x (in place) and are wrong for slopes above 1.
    /// </summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        int i = 0, width = Vector<float>.Count;
        var slopes = new Vector<float>(slope);
        for (; i + width <= x.Length; i += width)
        {
            var v = new Vector<float>(x[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, v * slopes).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : slope * x[i];
    }

    /// <summary>dx = dy where y &gt; 0, slope·dy elsewhere (ReLU: slope 0).</summary>
    public static void MaskPositive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float slope)
    {
        int i = 0, width = Vector<float>.Count;
        var slopes = new Vector<float>(slope);
        for (; i + width <= y.Length; i += width)
        {
            var d = new Vector<float>(dy[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero), d, d * slopes).CopyTo(dx[i..]);
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0f ? dy[i] : slope * dy[i];
    }

    /// <summary>dx = dy · y (1 − y).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int i = 0, width = Vector<float>.Count;
        for (; i + width <= y.Length; i += width)
        {
            var v = new Vector<float>(y[i..]);
            (new Vector<float>(dy[i..]) * v * (Vector<float>.One - v)).CopyTo(dx[i..]);
        }
        for (; i < y.Length; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
    }

    /// <summary>dx = dy · (1 − y)(1 + y): the factored form, since 1 − y·y cancels to a few correct bits where tanh saturates (|y| → 1) while 1 − y is exact there.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int i = 0, width = Vector<float>.Count;
        for (; i + width <= y.Length; i += width)
        {
            var v = new Vector<float>(y[i..]);
            (new Vector<float>(dy[i..]) * ((Vector<float>.One - v) * (Vector<float>.One + v))).CopyTo(dx[i..]);
        }
        for (; i < y.Length; i++) dx[i] = dy[i] * ((1f - y[i]) * (1f + y[i]));
    }
}

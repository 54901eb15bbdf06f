using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorTrain.Kernels.Native;

/// <summary>
/// The GEMM used when OpenBLAS is missing: SIMD over <see cref="Vector{T}"/> (AVX2 or AVX-512 as the JIT finds them),
/// four rows of C at a time so each loaded strip of B feeds four accumulators, and k split into blocks that stay in L2.
/// Correct for every transpose; about a fifth of OpenBLAS's speed, which is why it warns.
/// </summary>
internal static class ManagedGemm
{
    private const int KBlock = 128;

    /// <param name="lda">A's leading dimension as stored: k (m when transposed) when packed, more for a block of a wider matrix.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        Span<float> cm = c[..(m * n)];
        if (beta == 0f) cm.Clear();
        else if (beta != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(cm, beta, cm);
        if (k == 0 || alpha == 0f) return;

        float[]? rented = null;
        ReadOnlySpan<float> bk = b; // op(B) as k×n row-major
        if (transB)
        {
            rented = ArrayPool<float>.Shared.Rent(k * n);
            for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                rented[p * n + j] = b[j * k + p];
            bk = rented.AsSpan(0, k * n);
        }
        try
        {
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int p1 = Math.Min(k, p0 + KBlock);
                int i = 0;
                for (; i + 4 <= m; i += 4) FourRows(transA, lda, n, alpha, a, bk, cm, i, p0, p1);
                for (; i < m; i++) OneRow(transA, lda, n, alpha, a, bk, cm, i, p0, p1);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float A(bool transA, int lda, ReadOnlySpan<float> a, int i, int p) => transA ? a[p * lda + i] : a[i * lda + p];

    private static void FourRows(bool transA, int lda, int n, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int i, int p0, int p1)
    {
        int width = Vector<float>.Count;
        ref float c0 = ref MemoryMarshal.GetReference(c.Slice(i * n, n));
        ref float c1 = ref MemoryMarshal.GetReference(c.Slice((i + 1) * n, n));
        ref float c2 = ref MemoryMarshal.GetReference(c.Slice((i + 2) * n, n));
        ref float c3 = ref MemoryMarshal.GetReference(c.Slice((i + 3) * n, n));
        ref float b0 = ref MemoryMarshal.GetReference(b);
        int j = 0;
        for (; j + width <= n; j += width)
        {
            var acc0 = Vector.LoadUnsafe(ref c0, (nuint)j);
            var acc1 = Vector.LoadUnsafe(ref c1, (nuint)j);
            var acc2 = Vector.LoadUnsafe(ref c2, (nuint)j);
            var acc3 = Vector.LoadUnsafe(ref c3, (nuint)j);
            for (int p = p0; p < p1; p++)
            {
                var bv = Vector.LoadUnsafe(ref b0, (nuint)(p * n + j));
                acc0 = Vector.FusedMultiplyAdd(new Vector<float>(alpha * A(transA, lda, a, i, p)), bv, acc0);
                acc1 = Vector.FusedMultiplyAdd(new Vector<float>(alpha * A(transA, lda, a, i + 1, p)), bv, acc1);
                acc2 = Vector.FusedMultiplyAdd(new Vector<float>(alpha * A(transA, lda, a, i + 2, p)), bv, acc2);
                acc3 = Vector.FusedMultiplyAdd(new Vector<float>(alpha * A(transA, lda, a, i + 3, p)), bv, acc3);
            }
            acc0.StoreUnsafe(ref c0, (nuint)j);
            acc1.StoreUnsafe(ref c1, (nuint)j);
            acc2.StoreUnsafe(ref c2, (nuint)j);
            acc3.StoreUnsafe(ref c3, (nuint)j);
        }
        for (int r = i; r < i + 4; r++) ScalarTail(transA, lda, n, alpha, a, b, c, r, p0, p1, j);
    }

    private static void OneRow(bool transA, int lda, int n, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int i, int p0, int p1)
    {
        int width = Vector<float>.Count;
        Span<float> row = c.Slice(i * n, n);
        int j = 0;
        for (; j + width <= n; j += width)
        {
            var acc = new Vector<float>(row[j..]);
            for (int p = p0; p < p1; p++)
                acc = Vector.FusedMultiplyAdd(new Vector<float>(alpha * A(transA, lda, a, i, p)), new Vector<float>(b.Slice(p * n + j, width)), acc);
            acc.CopyTo(row[j..]);
        }
        ScalarTail(transA, lda, n, alpha, a, b, c, i, p0, p1, j);
    }

    private static void ScalarTail(bool transA, int lda, int n, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int i, int p0, int p1, int j0)
    {
        for (int j = j0; j < n; j++)
        {
            float sum = 0f;
            for (int p = p0; p < p1; p++) sum += A(transA, lda, a, i, p) * b[p * n + j];
            c[i * n + j] += alpha * sum;
        }
    }
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// GEMM, row-vector ops and reductions. Bounds are the classical worst-case ones for float summation of n terms in any
/// order (Higham, Accuracy and Stability of Numerical Algorithms, §3.1): |fl(Σ) − Σ| ≤ n·u·Σ|terms|, u = 2^-24, plus a
/// few units for alpha, beta and the reference's own final rounding. They hold for blocked, pairwise or FMA summation
/// alike, yet a dropped or doubled term (of size ~Σ|terms|/n) is far outside them once n·u ≪ 1/n.
/// </summary>
public abstract partial class DeviceContractTests
{
    /// <summary>(m, n, k): odd sizes, sizes straddling the SIMD widths, degenerate 1s, and k beyond the managed GEMM's 128 block.</summary>
    private static readonly (int M, int N, int K)[] GemmShapes =
    [
        (1, 1, 1), (3, 7, 17), (17, 33, 7), (33, 17, 129), (7, 129, 33), (16, 16, 16), (127, 3, 1), (4, 9, 130),
    ];

    private static readonly (float Alpha, float Beta)[] GemmScalars = [(1f, 0f), (0.5f, 1f), (-1.5f, 0.25f), (0f, 0.5f)];

    public static TheoryData<Transpose, Transpose, int, int, int, float, float> GemmCases()
    {
        var data = new TheoryData<Transpose, Transpose, int, int, int, float, float>();
        foreach (var ta in Enum.GetValues<Transpose>())
        foreach (var tb in Enum.GetValues<Transpose>())
        foreach (var (m, n, k) in GemmShapes)
        foreach (var (alpha, beta) in GemmScalars)
            data.Add(ta, tb, m, n, k, alpha, beta);
        return data;
    }

    public static TheoryData<Transpose, Transpose> Transposes()
    {
        var data = new TheoryData<Transpose, Transpose>();
        foreach (var ta in Enum.GetValues<Transpose>())
        foreach (var tb in Enum.GetValues<Transpose>())
            data.Add(ta, tb);
        return data;
    }

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Gemm_AnyTransposeAndScalars_MatchesReference(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta)
    {
        using var pair = Pair(10);
        float[] av = pair.GaussianValues(m * k), bv = pair.GaussianValues(k * n), cv = pair.GaussianValues(m * n);
        var (a, b, c) = (pair.Upload(av), pair.Upload(bv), pair.Upload(cv));

        pair.Run(s => s.Gemm(ta, tb, m, n, k, alpha, a.On(s), b.On(s), beta, c.On(s)));

        AssertGemmClose(ta, tb, m, n, k, alpha, av, bv, beta, cv, c.Expected(), c.Actual());
    }

    /// <summary>
    /// A with a leading dimension reads a block of columns of a wider stored matrix (a dense layer's weight gradient in
    /// row blocks reads dy's column blocks so): the same as the packed copy of that block, made on the host.
    /// </summary>
    [Theory]
    [InlineData(Transpose.Transposed, Transpose.None, 5, 33, 129, 3)]   // dW rows [3, 8) = dy[:, 3..8)ᵀ x
    [InlineData(Transpose.Transposed, Transpose.Transposed, 17, 9, 7, 20)]
    [InlineData(Transpose.None, Transpose.None, 7, 17, 33, 1)]
    [InlineData(Transpose.None, Transpose.Transposed, 4, 9, 130, 11)]
    public void Gemm_LeadingDimension_ReadsAColumnBlockOfAWiderMatrix(Transpose ta, Transpose tb, int m, int n, int k, int column)
    {
        int rows = ta == Transpose.None ? m : k, cols = ta == Transpose.None ? k : m, width = column + cols + 6;
        using var pair = Pair(12);
        float[] wide = pair.GaussianValues(rows * width), bv = pair.GaussianValues(k * n), cv = pair.GaussianValues(m * n);
        float[] block = new float[rows * cols];
        for (int r = 0; r < rows; r++) Array.Copy(wide, r * width + column, block, r * cols, cols);
        var (a, b, c) = (pair.Upload(wide), pair.Upload(bv), pair.Upload(cv));

        pair.Run(s => s.Gemm(ta, tb, m, n, k, 0.5f, a.On(s).Slice(column, (rows - 1) * width + cols), b.On(s), 1f, c.On(s), lda: width));

        // Computed here from the packed block, so neither the device nor the reference stream judges its own lda.
        var packed = new float[m * n];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
                sum += (double)(ta == Transpose.None ? block[i * k + p] : block[p * m + i]) * (tb == Transpose.None ? bv[p * n + j] : bv[j * k + p]);
            packed[i * n + j] = (float)(0.5 * sum + cv[i * n + j]);
        }
        AssertGemmClose(ta, tb, m, n, k, 0.5f, block, bv, 1f, cv, packed, c.Actual());
        AssertGemmClose(ta, tb, m, n, k, 0.5f, block, bv, 1f, cv, packed, c.Expected());
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Gemm_BetaZeroOverNaNAndInfinity_IgnoresOldC(Transpose ta, Transpose tb)
    {
        const int m = 9, n = 17, k = 5;
        using var pair = Pair(11);
        float[] av = pair.GaussianValues(m * k), bv = pair.GaussianValues(k * n);
        float[] garbage = Enumerable.Range(0, m * n).Select(i => (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity }).ToArray();
        var (a, b, c) = (pair.Upload(av), pair.Upload(bv), pair.Upload(garbage));

        pair.Run(s => s.Gemm(ta, tb, m, n, k, 2f, a.On(s), b.On(s), 0f, c.On(s)));

        // As BLAS: beta = 0 means C is written, not scaled, so NaN·0 never reaches the result.
        Assert.All(c.Actual(), v => Assert.True(float.IsFinite(v), $"{v}"));
        AssertGemmClose(ta, tb, m, n, k, 2f, av, bv, 0f, new float[m * n], c.Expected(), c.Actual());
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    public void Gemm_ZeroInnerSize_ScalesC(float beta)
    {
        const int m = 3, n = 5;
        using var pair = Pair(12);
        float[] cv = pair.GaussianValues(m * n);
        var (a, b, c) = (pair.Upload([]), pair.Upload([]), pair.Upload(beta == 0f ? Enumerable.Repeat(float.NaN, m * n).ToArray() : cv));

        pair.Run(s => s.Gemm(Transpose.None, Transpose.None, m, n, 0, 1f, a.On(s), b.On(s), beta, c.On(s)));

        // An empty sum is 0, so C = beta·C exactly (and 0 over garbage when beta = 0).
        Assert.Equal(beta == 0f ? new float[m * n] : cv.Select(v => beta * v).ToArray(), c.Actual());
        Assert.Equal(c.Expected(), c.Actual());
    }

    /// <summary>|C − C_ref| ≤ (k + 4)·u·(|alpha|·Σ_p |op(A)[i,p]|·|op(B)[p,j]| + |beta·C0[i,j]|): k roundings in the sum, one each for alpha, beta and the add, one for the reference.</summary>
    private static void AssertGemmClose(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c0, float[] expected, float[] actual)
    {
        Tolerance.AssertWithin(expected, actual, index =>
        {
            int i = index / n, j = index % n;
            double magnitude = 0;
            for (int p = 0; p < k; p++)
            {
                double aip = ta == Transpose.None ? a[i * k + p] : a[p * m + i];
                double bpj = tb == Transpose.None ? b[p * n + j] : b[j * k + p];
                magnitude += Math.Abs(aip * bpj);
            }
            double scaled = Math.Abs(alpha) * magnitude + (beta == 0f ? 0 : Math.Abs((double)beta * c0[index]));
            return (k + 4) * Tolerance.FloatRoundoff * scaled;
        }, $"gemm {ta}/{tb} {m}x{n}x{k} alpha={alpha} beta={beta}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Axpby_ScalarCombinations_MatchReference(int length)
    {
        foreach (var (alpha, beta) in new[] { (2f, 0.5f), (1f, 1f), (-0.5f, 0f), (0f, -3f) })
        {
            using var pair = Pair(13);
            float[] xv = pair.GaussianValues(length), yv = pair.GaussianValues(length);
            var (x, y) = (pair.Upload(xv), pair.Upload(yv));

            pair.Run(s => s.Axpby(alpha, x.On(s), beta, y.On(s)));

            // Two products and a sum, each rounded once, on both sides: 4u of the terms' magnitudes.
            Tolerance.AssertWithin(y.Expected(), y.Actual(), i => 4 * Tolerance.FloatRoundoff * (Math.Abs(alpha * xv[i]) + Math.Abs(beta * yv[i])), $"axpby {alpha},{beta}");
        }
    }

    public static TheoryData<int, int> MatrixShapes => new() { { 1, 1 }, { 3, 7 }, { 17, 33 }, { 129, 17 }, { 33, 129 }, { 1000, 3 } };

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void AddRowVector_AnyShape_AddsVectorToEveryRow(int rows, int cols)
    {
        using var pair = Pair(14);
        float[] xv = pair.GaussianValues(rows * cols), vv = pair.GaussianValues(cols);
        var (x, v) = (pair.Upload(xv), pair.Upload(vv));

        pair.Run(s => s.AddRowVector(x.On(s), rows, cols, v.On(s)));

        // One float add per element: at most one rounding on each side.
        Tolerance.AssertWithin(x.Expected(), x.Actual(), i => 2 * Tolerance.FloatRoundoff * (Math.Abs(xv[i]) + Math.Abs(vv[i % cols])), "add-row-vector");
        Assert.Equal(vv, v.Actual());
    }

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void SumRows_AnyBeta_MatchesReference(int rows, int cols)
    {
        foreach (float beta in new[] { 0f, 1f, 0.5f })
        {
            using var pair = Pair(15);
            float[] xv = pair.GaussianValues(rows * cols);
            // beta = 0 overwrites, as GEMM does, so garbage in the result must not survive.
            float[] rv = beta == 0f ? Enumerable.Repeat(float.NaN, cols).ToArray() : pair.GaussianValues(cols);
            var (x, r) = (pair.Upload(xv), pair.Upload(rv));

            pair.Run(s => s.SumRows(x.On(s), rows, cols, beta, r.On(s)));

            Tolerance.AssertWithin(r.Expected(), r.Actual(), c =>
            {
                double magnitude = beta == 0f ? 0 : Math.Abs(beta * rv[c]);
                for (int row = 0; row < rows; row++) magnitude += Math.Abs(xv[row * cols + c]);
                return (rows + 3) * Tolerance.FloatRoundoff * magnitude;
            }, $"sum-rows beta={beta}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumOfSquares_AnyBeta_MatchesReference(int length)
    {
        foreach (float beta in new[] { 0f, 1f, 0.25f })
        {
            using var pair = Pair(16);
            float[] xv = pair.GaussianValues(length);
            float old = beta == 0f ? float.NaN : 7f;
            var (x, r) = (pair.Upload(xv), pair.Upload([old]));

            pair.Run(s => s.SumOfSquares(x.On(s), beta, r.On(s)));

            double magnitude = xv.Sum(v => (double)v * v) + (beta == 0f ? 0 : Math.Abs(beta * old));
            Tolerance.AssertWithin(r.Expected(), r.Actual(), _ => (length + 4) * Tolerance.FloatRoundoff * magnitude, $"sum-of-squares beta={beta}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sum_AnyLength_MatchesReference(int length)
    {
        using var pair = Pair(17);
        float[] xv = pair.GaussianValues(length);
        var (x, r) = (pair.Upload(xv), pair.Upload([float.NaN]));

        pair.Run(s => s.Sum(x.On(s), r.On(s)));

        double magnitude = xv.Sum(v => Math.Abs((double)v));
        Tolerance.AssertWithin(r.Expected(), r.Actual(), _ => (length + 2) * Tolerance.FloatRoundoff * magnitude, "sum");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(17, 10)]
    [InlineData(5, 129)]
    public void ArgMaxRows_DistinctValues_EqualsReferenceExactly(int rows, int cols)
    {
        using var pair = Pair(18);
        var (x, r) = (pair.Gaussian(rows * cols), pair.Filled(rows, float.NaN));

        pair.Run(s => s.ArgMaxRows(x.On(s), rows, cols, r.On(s)));

        Assert.Equal(r.Expected(), r.Actual());
    }

    [Fact]
    public void ArgMaxRows_Ties_PicksFirstMaximum()
    {
        using var pair = Pair(19);
        // Row 0 all equal; row 1 maximum at 2 and 5; row 2 maximum only at the last column. First index, as numpy and torch.
        var x = pair.Upload([1, 1, 1, 1, 1, 1, 0, 0, 4, 0, 0, 4, -3, -2, -2, -2, -2, -1]);
        var r = pair.Filled(3, float.NaN);

        pair.Run(s => s.ArgMaxRows(x.On(s), 3, 6, r.On(s)));

        Assert.Equal([0f, 2f, 5f], r.Actual());
    }
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>GEMM (CLBlast), elementwise ops and reductions against the reference, at odd shapes. Tolerances are
/// relative: float accumulation on the device against the reference's double, over at most a few hundred terms.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClLinearAlgebraTests(OpenClDeviceFixture fixture)
{
    private ReferenceComparison Compare => new(fixture.Device);

    public static TheoryData<Transpose, Transpose, int, int, int> GemmShapes()
    {
        var data = new TheoryData<Transpose, Transpose, int, int, int>();
        foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
        foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
        foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 5, 3), (33, 17, 65), (64, 10, 129) })
            data.Add(ta, tb, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void Gemm_AnyTransposeOddShape_MatchesReference(Transpose transA, Transpose transB, int m, int n, int k) =>
        Compare.AssertMatches(1e-4f,
            [ReferenceComparison.Gaussian(m * k, 1), ReferenceComparison.Gaussian(k * n, 2), ReferenceComparison.Gaussian(m * n, 3)],
            (s, x) => s.Gemm(transA, transB, m, n, k, 1.5f, x[0], x[1], 0.5f, x[2]));

    [Fact]
    public void Gemm_BetaZero_IgnoresNaNInC()
    {
        var c = new float[6 * 4];
        Array.Fill(c, float.NaN);
        Compare.AssertMatches(1e-4f, [ReferenceComparison.Gaussian(6 * 9, 4), ReferenceComparison.Gaussian(9 * 4, 5), c],
            (s, x) => s.Gemm(Transpose.None, Transpose.None, 6, 4, 9, 1f, x[0], x[1], 0f, x[2]));
    }

    [Fact]
    public void Gemm_KZero_ScalesC() =>
        Compare.AssertMatches(0f, [[], [], ReferenceComparison.Gaussian(15, 6)],
            (s, x) => s.Gemm(Transpose.None, Transpose.Transposed, 3, 5, 0, 1f, x[0], x[1], 2f, x[2]));

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_003)]
    public void Axpby_AnyLength_MatchesReference(int n) =>
        Compare.AssertMatches(1e-6f, [ReferenceComparison.Gaussian(n, 7), ReferenceComparison.Gaussian(n, 8)],
            (s, x) => s.Axpby(0.3f, x[0], -1.5f, x[1]));

    [Fact]
    public void FillAndCopy_Spans_MatchReference() =>
        Compare.AssertMatches(0f, [ReferenceComparison.Gaussian(101, 9), ReferenceComparison.Gaussian(101, 10)], (s, x) =>
        {
            s.Fill(x[0].Slice(10, 50), 2.5f);
            s.Copy(x[0].Slice(0, 40), x[1].Slice(61, 40));
        });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 29)]
    [InlineData(128, 513)]
    public void AddRowVectorAndSumRows_OddShapes_MatchReference(int rows, int cols) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(rows * cols, 11), ReferenceComparison.Gaussian(cols, 12), ReferenceComparison.Gaussian(cols, 13), ReferenceComparison.Gaussian(cols, 14)], (s, x) =>
        {
            s.AddRowVector(x[0], rows, cols, x[1]);
            s.SumRows(x[0], rows, cols, 0f, x[2]);
            s.SumRows(x[0], rows, cols, 0.5f, x[3]);
        });

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(100_003)]
    public void SumAndSumOfSquares_AnyLength_WriteDeviceScalars(int n) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(n, 15), [0f, 0f, 3f]], (s, x) =>
        {
            s.Sum(x[0], x[1].Slice(0, 1));
            s.SumOfSquares(x[0], 0f, x[1].Slice(1, 1));
            s.SumOfSquares(x[0], 0.5f, x[1].Slice(2, 1));
        });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(23, 10)]
    [InlineData(5, 1001)]
    public void ArgMaxRows_OddShapes_MatchesReference(int rows, int cols)
    {
        var x = ReferenceComparison.Gaussian(rows * cols, 16);
        if (cols > 1) x[1] = x[0] = 100f; // a tie: the first index wins
        Compare.AssertMatches(0f, [x, new float[rows]], (s, b) => s.ArgMaxRows(b[0], rows, cols, b[1]));
    }

    public static TheoryData<Activation> Activations() => [Activation.Identity, Activation.Relu, Activation.LeakyRelu(0.1f), Activation.Sigmoid, Activation.Tanh];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_ForwardAndBackward_MatchReference(Activation activation) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(1031, 17, 4f), new float[1031], ReferenceComparison.Gaussian(1031, 18), new float[1031]], (s, x) =>
        {
            s.ActivationForward(activation, x[0], x[1]);
            s.ActivationBackward(activation, x[1], x[2], x[3]);
        });
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>
/// What the shared device contract does not reach on this device: GEMM large enough for CLBlast's indirect kernels
/// (m·n·k ≥ 384³ on devices without tuning data, PoCL among them), and reductions long enough that each work-item of
/// the single reduction group strides over many values. Tolerances are relative: float accumulation against the
/// reference's double, over k terms.
/// </summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClLinearAlgebraTests(OpenClDeviceFixture fixture)
{
    private ReferenceComparison Compare => new(fixture.Device);

    public static TheoryData<Transpose, Transpose, int, int, int> GemmShapes()
    {
        var data = new TheoryData<Transpose, Transpose, int, int, int>();
        foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
        foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
        foreach (var (m, n, k) in new[] { (64, 10, 129), (385, 390, 387) })
            data.Add(ta, tb, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void Gemm_DirectAndIndirectSizes_MatchesReference(Transpose transA, Transpose transB, int m, int n, int k) =>
        Compare.AssertMatches(1e-4f,
            [ReferenceComparison.Gaussian(m * k, 1), ReferenceComparison.Gaussian(k * n, 2), ReferenceComparison.Gaussian(m * n, 3)],
            (s, x) => s.Gemm(transA, transB, m, n, k, 1.5f, x[0], x[1], 0.5f, x[2]));

    [Theory]
    [InlineData(255)]
    [InlineData(100_003)]
    public void SumAndSumOfSquares_LongVectors_WriteDeviceScalars(int n) =>
        Compare.AssertMatches(1e-5f, [ReferenceComparison.Gaussian(n, 15), [0f, 0f, 3f]], (s, x) =>
        {
            s.Sum(x[0], x[1].Slice(0, 1));
            s.SumOfSquares(x[0], 0f, x[1].Slice(1, 1));
            s.SumOfSquares(x[0], 0.5f, x[1].Slice(2, 1));
        });
}

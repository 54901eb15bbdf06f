using System.Runtime.InteropServices;

namespace ActorTrain.Bench.Kernels;

/// <summary>
/// cblas_sgemm called straight from the bench, the baseline CpuDevice's GEMM is measured against. The same shared object
/// as Kernels loads (one process-wide OpenBLAS), so the thread count set through CpuDevice applies to both.
/// </summary>
internal static unsafe partial class RawOpenBlas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    private static partial void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    /// <summary>Row-major packed C = alpha·op(A)·op(B) + beta·C, the arrays pinned by the caller.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, float* b, float beta, float* c) =>
        Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
}

using System.Runtime.InteropServices;

namespace ActorTrain.Kernels.Native;

/// <summary>
/// OpenBLAS through function pointers resolved at run time (Debian's libopenblas0-pthread). Its thread pool is
/// process-wide: <see cref="SetThreads"/> changes it for every device of the process, so the runtime sets it once from
/// the number of CPU workers (cores / workers each) instead of letting each worker fight over it.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    private static readonly delegate* unmanaged<int, void> SetNumThreads;
    private static readonly delegate* unmanaged<int> GetNumThreads;
    private static readonly delegate* unmanaged<byte*> GetConfig;

    static OpenBlas()
    {
        if (!NativeLibraryLoader.TryLoad(["libopenblas.so.0", "libopenblas.so", "libopenblasp-r0.3.21.so", "openblas"], out nint handle, out string error))
        {
            LoadError = error;
            return;
        }
        try
        {
            Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibraryLoader.Export(handle, "cblas_sgemm");
            SetNumThreads = (delegate* unmanaged<int, void>)NativeLibraryLoader.Export(handle, "openblas_set_num_threads");
            GetNumThreads = (delegate* unmanaged<int>)NativeLibraryLoader.Export(handle, "openblas_get_num_threads");
            GetConfig = (delegate* unmanaged<byte*>)NativeLibraryLoader.Export(handle, "openblas_get_config");
            IsAvailable = true;
        }
        catch (EntryPointNotFoundException e)
        {
            LoadError = e.Message;
        }
    }

    public static bool IsAvailable { get; }

    /// <summary>Why OpenBLAS is not available, or empty.</summary>
    public static string LoadError { get; } = "";

    public static string Config => IsAvailable ? Marshal.PtrToStringUTF8((nint)GetConfig()) ?? "openblas" : "unavailable";

    public static int Threads => IsAvailable ? GetNumThreads() : 0;

    public static void SetThreads(int threads)
    {
        if (IsAvailable) SetNumThreads(Math.Max(1, threads));
    }

    /// <summary>Row-major C = alpha op(A) op(B) + beta C, B and C packed, A's rows <paramref name="lda"/> apart; the caller has checked the sizes.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha,
                pa, lda, pb, transB ? k : n, beta, pc, n);
        }
    }
}

namespace ActorTrain.Kernels.Native;

/// <summary>
/// CLBlast's C API (libclblast.so.1), only SGEMM. CLBlast compiles each routine's kernels for a device on the first
/// call and caches them in process; in 1.5.3 two threads making that first call at once can fail, so the OpenCL device
/// warms every routine it uses from one thread when it opens.
/// </summary>
internal static unsafe class ClBlast
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, nuint, nuint, nuint, float, nint, nuint, nuint, nint, nuint, nuint, float, nint, nuint, nuint, nint*, nint*, int> Sgemm;

    static ClBlast()
    {
        if (LoadFailure(["libclblast.so.1", "libclblast.so", "clblast"], out nint handle) is { } failure)
        {
            LoadError = failure;
            return;
        }
        try
        {
            Sgemm = (delegate* unmanaged<int, int, int, nuint, nuint, nuint, float, nint, nuint, nuint, nint, nuint, nuint, float, nint, nuint, nuint, nint*, nint*, int>)NativeLibraryLoader.Export(handle, "CLBlastSgemm");
            IsAvailable = true;
        }
        catch (EntryPointNotFoundException e)
        {
            LoadError = e.Message;
        }
    }

    public static bool IsAvailable { get; }

    /// <summary>Loads the first of <paramref name="candidates"/> that exists; null on success, else the reason with what to install.</summary>
    internal static string? LoadFailure(IReadOnlyList<string> candidates, out nint handle) =>
        NativeLibraryLoader.TryLoad(candidates, out handle, out string error) ? null : $"{error} (install libclblast1)";

    public static string LoadError { get; } = "";

    /// <summary>
    /// Row-major C = alpha op(A) op(B) + beta C on <paramref name="queue"/>, B and C packed, A's rows <paramref name="lda"/>
    /// apart; offsets in elements, sizes positive.
    /// </summary>
    public static void Gemm(nint queue, bool transA, bool transB, int m, int n, int k, float alpha,
        nint a, int aOffset, int lda, nint b, int bOffset, float beta, nint c, int cOffset)
    {
        if (!IsAvailable) throw new InvalidOperationException($"CLBlast is not available: {LoadError}");
        int status = Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, (nuint)m, (nuint)n, (nuint)k, alpha,
            a, (nuint)aOffset, (nuint)lda, b, (nuint)bOffset, (nuint)(transB ? k : n), beta, c, (nuint)cOffset, (nuint)n,
            &queue, null);
        OpenClApi.Check(status, "CLBlastSgemm");
    }
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// The managed GEMM against OpenBLAS at the MNIST MLP's real shapes (784-512-256-10, batch 128, Dense's W stored
/// out×in), which the contract tests leave out because the scalar reference would take seconds there. Each side is
/// within (k + 2)·u·|alpha|·(|op(A)|·|op(B)|)[i,j] (+ the beta term) of the exact product, so they differ by at most twice
/// that; the bound matrix |A|·|B| is itself computed by OpenBLAS on absolute values.
/// </summary>
public sealed class ManagedGemmParityTests
{
    public static TheoryData<string, Transpose, Transpose, int, int, int, float> MlpShapes => new()
    {
        { "forward 784→512", Transpose.None, Transpose.Transposed, 128, 512, 784, 0f },
        { "forward 512→256", Transpose.None, Transpose.Transposed, 128, 256, 512, 0f },
        { "forward 256→10", Transpose.None, Transpose.Transposed, 128, 10, 256, 0f },
        { "dW 512x784", Transpose.Transposed, Transpose.None, 512, 784, 128, 1f },
        { "dW 256x512", Transpose.Transposed, Transpose.None, 256, 512, 128, 1f },
        { "dW 10x256", Transpose.Transposed, Transpose.None, 10, 256, 128, 1f },
        { "dX 128x512", Transpose.None, Transpose.None, 128, 512, 256, 0f },
        { "dX 128x256", Transpose.None, Transpose.None, 128, 256, 10, 0f },
    };

    [Theory]
    [MemberData(nameof(MlpShapes))]
    public void Gemm_MlpShape_ManagedEqualsOpenBlas(string shape, Transpose ta, Transpose tb, int m, int n, int k, float beta)
    {
        var random = new SeededRandom(80);
        float[] a = Gaussian(random, m * k), b = Gaussian(random, k * n), c = Gaussian(random, m * n);

        float[] blas = Multiply(GemmBackend.OpenBlas, ta, tb, m, n, k, a, b, beta, c);
        float[] managed = Multiply(GemmBackend.Managed, ta, tb, m, n, k, a, b, beta, c);

        float[] magnitude = Multiply(GemmBackend.OpenBlas, ta, tb, m, n, k, Abs(a), Abs(b), beta, Abs(c));
        Tolerance.AssertWithin(blas, managed, i => 2 * (k + 4) * Tolerance.FloatRoundoff * magnitude[i], shape);
    }

    private static float[] Multiply(GemmBackend backend, Transpose ta, Transpose tb, int m, int n, int k, float[] a, float[] b, float beta, float[] c)
    {
        using var device = new CpuDevice("cpu:0", gemm: backend);
        using var stream = device.CreateStream();
        using var da = device.Allocate(a.Length);
        using var db = device.Allocate(b.Length);
        using var dc = device.Allocate(c.Length);
        stream.Upload(a, da.All);
        stream.Upload(b, db.All);
        stream.Upload(c, dc.All);
        stream.Gemm(ta, tb, m, n, k, 1f, da.All, db.All, beta, dc.All);
        var result = new float[c.Length];
        stream.Download(dc.All, result).Wait();
        return result;
    }

    private static float[] Gaussian(SeededRandom random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)random.NextGaussian()).ToArray();

    private static float[] Abs(float[] values) => values.Select(Math.Abs).ToArray();
}

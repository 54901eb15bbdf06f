using ActorTrain.Kernels.Ops;

namespace ActorTrain.Bench.Kernels;

/// <summary>One GEMM of a training step: C (m×n) = op(A)·op(B) + beta·C.</summary>
internal sealed record GemmShape(string Name, Transpose TransA, Transpose TransB, int M, int N, int K, float Beta)
{
    public double Flops => 2.0 * M * N * K;

    /// <summary>
    /// The MNIST MLP 784-512-256-10 at batch 128 as <c>Dense</c> runs it (W stored out×in): forward y = x·Wᵀ, weight
    /// gradient dW += dyᵀ·x (accumulating, beta 1), input gradient dx = dy·W.
    /// </summary>
    public static IReadOnlyList<GemmShape> Mlp { get; } =
    [
        new("fwd 784→512", Transpose.None, Transpose.Transposed, 128, 512, 784, 0f),
        new("fwd 512→256", Transpose.None, Transpose.Transposed, 128, 256, 512, 0f),
        new("fwd 256→10", Transpose.None, Transpose.Transposed, 128, 10, 256, 0f),
        new("dW 512×784", Transpose.Transposed, Transpose.None, 512, 784, 128, 1f),
        new("dW 256×512", Transpose.Transposed, Transpose.None, 256, 512, 128, 1f),
        new("dW 10×256", Transpose.Transposed, Transpose.None, 10, 256, 128, 1f),
        new("dX 128×512", Transpose.None, Transpose.None, 128, 512, 256, 0f),
        new("dX 128×256", Transpose.None, Transpose.None, 128, 256, 10, 0f),
    ];
}

using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Testing;

/// <summary>
/// A small seeded classification problem: one Gaussian blob per class, whose features f ≡ class (mod classes) are shifted
/// by <c>separation</c>. Learnable, but not in one step. Shared by the loop, data-parallel and OpenCL tests and benchmarks.
/// </summary>
internal static class GaussianBlobs
{
    public static Dataset Create(int count, ulong seed, int features = 12, int classes = 3, double separation = 1.5, string name = "blobs")
    {
        var random = new SeededRandom(seed, 7);
        var x = new float[count * features];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            int label = random.NextInt(classes);
            y[i] = label;
            for (int f = 0; f < features; f++) x[i * features + f] = (float)((f % classes == label ? separation : 0.0) + random.NextGaussian());
        }
        return new Dataset(name, x, y, features, 1, classes);
    }
}

using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Bench.Training;

/// <summary>The default configuration's model and data, as the training benchmarks (and tools/torch_mlp_bench.py) use them.</summary>
internal static class DefaultMlp
{
    public const string DataFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>784-512-256-10, ReLU, He-normal weights, zero biases.</summary>
    public static Sequential Create(IDevice device, int rows) => new(device, 784,
        [new Dense(512, new HeNormalInitializer()), new ActivationLayer(Activation.Relu), new Dense(256, new HeNormalInitializer()),
         new ActivationLayer(Activation.Relu), new Dense(10, new HeNormalInitializer())], rows);

    /// <summary>The first <paramref name="samples"/> Fashion-MNIST training images, standardized.</summary>
    public static Dataset TrainingSamples(int samples)
    {
        var all = IdxReader.ReadImagesAndLabels(Path.Combine(DataFolder, "train-images-idx3-ubyte.gz"), Path.Combine(DataFolder, "train-labels-idx1-ubyte.gz"), "train");
        var train = all.Select(Enumerable.Range(0, samples).ToArray(), "bench");
        Normalizer.Fit(train, NormalizationKind.Standardize).Apply(train);
        return train;
    }
}

using ActorTrain.Testing;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>A small classification problem, a model factory, and the single-device reference run of the same setup.</summary>
internal static class DataParallelFixture
{
    public const int Features = 12, Classes = 3;

    public static Dataset Blobs(int count, ulong seed) => GaussianBlobs.Create(count, seed, Features, Classes, separation: 1.2);

    // The first layer's weight gradient in blocks of 4 rows (48 weights) when a worker pushes within layers (shards on
    // other threads), so the blocks and their order are exercised as the chunks are.
    public static Func<Kernels.Devices.IDevice, int, Sequential> Mlp(bool batchNorm = false) => (device, rows) => new Sequential(device, Features,
        batchNorm
            ? [new Dense(16, new HeNormalInitializer(), gradientBlockWeights: 48), new BatchNorm(), new ActivationLayer(Activation.Relu), new Dense(Classes)]
            : [new Dense(16, new HeNormalInitializer(), gradientBlockWeights: 48), new ActivationLayer(Activation.Tanh), new Dense(Classes)], rows);

    public static DataParallelSetup Setup(int workers, Consistency consistency = Consistency.Sync, int shards = 2, int epochs = 2,
        bool batchNorm = false, int accumulation = 1, Dataset? training = null, Dataset? validation = null, bool clipping = true) => new()
    {
        Consistency = consistency,
        Devices = Enumerable.Range(0, workers).Select(i => $"cpu:{i}").ToList(),
        Shards = ShardRange.Balance(Mlp(batchNorm)(new CpuDevice(), 1).Layout.Length, shards),
        GlobalBatch = 24,
        Accumulation = accumulation,
        Epochs = epochs,
        Seed = 11,
        Optimizer = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1, MaxGradientNorm = clipping ? 2f : 0f },
        Schedule = new StepDecay(0.05, 5, 0.7),
        ChunkFloats = 100, // several chunks per shard, so chunking is exercised
        Training = training ?? Blobs(240, 1),
        Validation = validation ?? Blobs(60, 2),
        Model = Mlp(batchNorm),
        Loss = () => new SoftmaxCrossEntropy(),
        Device = name => new CpuDevice(name),
        StepTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The plain single-device loop on the same data, seed, optimizer and global batch.</summary>
    public static float[] SingleDevice(DataParallelSetup setup)
    {
        using var model = setup.Model(new CpuDevice(), setup.GlobalBatch);
        var options = new TrainingOptions
        {
            Epochs = setup.Epochs,
            BatchSize = setup.GlobalBatch,
            AccumulationSteps = setup.Accumulation,
            Seed = setup.Seed,
            Optimizer = setup.Optimizer,
            Schedule = setup.Schedule,
        };
        using var trainer = new SingleDeviceTrainer(model, setup.Loss(), options, setup.Training, setup.Validation);
        trainer.Initialize();
        trainer.Run();
        return Sequential.Download(trainer.Stream, model.Parameters.All);
    }

    /// <summary>|a − b| ≤ relative · max(|a|, |b|, 1e-2) for every element; names the first that is not.</summary>
    public static void AssertClose(float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])), 1e-2);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"parameter {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}

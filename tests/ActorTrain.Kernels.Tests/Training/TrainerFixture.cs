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

namespace ActorTrain.Kernels.Tests.Training;

/// <summary>A small synthetic classification problem and a model with every stateful layer, for loop-level tests.</summary>
internal static class TrainerFixture
{
    public const int Features = 12, Classes = 3;

    public static Dataset Blobs(int count, ulong seed, string name = "blobs") => GaussianBlobs.Create(count, seed, Features, Classes, 1.5, name);

    public static Sequential Model(int maxRows, float dropout = 0.2f) => new(new CpuDevice(), Features,
        [new Dense(16, new HeNormalInitializer()), new BatchNorm(), new ActivationLayer(Activation.Relu), new Dropout(dropout), new Dense(Classes)], maxRows);

    public static TrainingOptions Options(int epochs = 3, OptimizerKind kind = OptimizerKind.Adam, int accumulation = 1, int batch = 16) => new()
    {
        Epochs = epochs,
        BatchSize = batch,
        AccumulationSteps = accumulation,
        Seed = 5,
        Optimizer = new OptimizerUpdate { Kind = kind, LearningRate = 0.01f, Step = 1, MaxGradientNorm = 5f },
        Schedule = new StepDecay(0.01, 7, 0.5),
    };

    public static float[] Parameters(Sequential model, SingleDeviceTrainer trainer) => Sequential.Download(trainer.Stream, model.Parameters.All);
}

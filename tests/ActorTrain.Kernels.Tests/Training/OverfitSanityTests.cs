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

/// <summary>
/// The sanity check from the course notes: a network that cannot fit a tiny sample perfectly has a bug.
/// 64 real Fashion-MNIST images (installed by the test script) must be fit to 100% training accuracy.
/// </summary>
public sealed class OverfitSanityTests
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void Train_SixtyFourRealSamples_FitsThemPerfectly()
    {
        var all = IdxReader.ReadImagesAndLabels(Path.Combine(Folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(Folder, "t10k-labels-idx1-ubyte.gz"), "test");
        var sample = all.Select(Enumerable.Range(0, 64).ToArray(), "64 samples");
        Normalizer.Fit(sample, NormalizationKind.Standardize).Apply(sample);
        using var model = new Sequential(new CpuDevice(), 784,
            [new Dense(512, new HeNormalInitializer()), new ActivationLayer(Activation.Relu), new Dense(256, new HeNormalInitializer()), new ActivationLayer(Activation.Relu), new Dense(10)], 64);
        var options = new TrainingOptions
        {
            Epochs = 60,
            BatchSize = 64,
            Seed = 1,
            Optimizer = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1 },
            Schedule = new ConstantSchedule(0.05),
        };
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, sample, sample.Select([], "none"));
        trainer.Initialize();
        var outcome = trainer.Run();
        var fit = Evaluation.Run(model, new SoftmaxCrossEntropy(), trainer.Stream, sample);
        Assert.Equal(1.0, fit.Accuracy);
        Assert.True(fit.Loss < 0.05, $"training loss {fit.Loss} after {outcome.Steps} steps");
        Assert.True(outcome.Epochs[0].TrainLoss > 10 * fit.Loss, "the loss must have come down, not started low");
    }
}

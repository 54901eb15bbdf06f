using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Kernels.Tests.Training;

public sealed class SingleDeviceTrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "actortrain-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static (float[] Parameters, TrainingOutcome Outcome) TrainFresh(TrainingOptions options, CheckpointStore? store = null)
    {
        using var model = TrainerFixture.Model(options.BatchSize);
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, TrainerFixture.Blobs(200, 1), TrainerFixture.Blobs(60, 2), store);
        trainer.Initialize();
        var outcome = trainer.Run();
        return (TrainerFixture.Parameters(model, trainer), outcome);
    }

    [Fact]
    public void Run_SameSeedTwice_GivesBitwiseEqualParametersAndMetrics()
    {
        var options = TrainerFixture.Options();
        var (first, a) = TrainFresh(options);
        var (second, b) = TrainFresh(options);
        Assert.Equal(first, second);
        Assert.Equal(a.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), b.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
    }

    [Fact]
    public void Run_DifferentSeed_GivesDifferentParameters()
    {
        var (first, _) = TrainFresh(TrainerFixture.Options());
        var (second, _) = TrainFresh(TrainerFixture.Options() with { Seed = 6 });
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(1, 5)]   // interrupted inside epoch 0
    [InlineData(1, 13)]  // exactly at the end of epoch 0 (13 updates of 16 rows over 200 samples)
    [InlineData(3, 7)]   // with gradient accumulation: a checkpoint only falls on update boundaries
    public void Restore_AfterInterruptionAtStepK_EndsWithParametersOfUninterruptedRun(int accumulation, int interruptAfter)
    {
        var options = TrainerFixture.Options(accumulation: accumulation);
        var (expected, uninterrupted) = TrainFresh(options);

        var store = new CheckpointStore(_dir);
        using (var model = TrainerFixture.Model(options.BatchSize))
        using (var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, TrainerFixture.Blobs(200, 1), TrainerFixture.Blobs(60, 2), store))
        {
            using var cancel = new CancellationTokenSource();
            trainer.StepCompleted += p => { if (p.Step >= interruptAfter) cancel.Cancel(); };
            trainer.Initialize();
            Assert.True(trainer.Run(cancel.Token).Interrupted);
        }

        using (var model = TrainerFixture.Model(options.BatchSize))
        using (var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, TrainerFixture.Blobs(200, 1), TrainerFixture.Blobs(60, 2), store))
        {
            trainer.Restore(store.Latest(skipped => Assert.Fail(skipped)) ?? throw new InvalidOperationException("no checkpoint written"));
            var resumed = trainer.Run();
            Assert.Equal(expected, TrainerFixture.Parameters(model, trainer));
            Assert.Equal(uninterrupted.Epochs[^1].TrainLoss, resumed.Epochs[^1].TrainLoss);
            Assert.Equal(uninterrupted.Steps, resumed.Steps);
        }
    }

    [Fact]
    public void Run_GradientAccumulation_EqualsOneUpdatePerKMicroBatches()
    {
        // k micro-batches of b rows accumulated, scaled by 1/k, equal one batch of k·b rows when the model has no
        // batch statistics (BatchNorm would see different batches) and no dropout.
        var data = TrainerFixture.Blobs(96, 3);
        float[] Train(int batch, int accumulation)
        {
            using var model = new Sequential(new Kernels.Devices.Cpu.CpuDevice(), TrainerFixture.Features,
                [new Kernels.Layers.Dense(8), new Kernels.Layers.ActivationLayer(Kernels.Ops.Activation.Tanh), new Kernels.Layers.Dense(TrainerFixture.Classes)], 96);
            var options = TrainerFixture.Options(epochs: 1, kind: Kernels.Ops.OptimizerKind.Momentum, accumulation: accumulation, batch: batch);
            using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, data, data.Select([], "none"));
            trainer.Initialize();
            trainer.Run();
            return TrainerFixture.Parameters(model, trainer);
        }
        // The batch order differs between batch sizes, so compare one full-data update: 1 batch of 96 vs 4 × 24 accumulated.
        var big = Train(96, 1);
        var accumulated = Train(24, 4);
        for (int i = 0; i < big.Length; i++) Assert.Equal(big[i], accumulated[i], 1e-5f);
    }

    [Fact]
    public void Restore_CheckpointOfAnotherBatchSize_ThrowsNamingBoth()
    {
        var store = new CheckpointStore(_dir);
        TrainFresh(TrainerFixture.Options(epochs: 1), store);
        var options = TrainerFixture.Options(epochs: 2) with { BatchSize = 8 };
        using var model = TrainerFixture.Model(options.BatchSize);
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, TrainerFixture.Blobs(200, 1), TrainerFixture.Blobs(60, 2));
        var e = Assert.Throws<InvalidDataException>(() => trainer.Restore(store.Latest()!));
        Assert.Contains("batch size 16", e.Message);
        Assert.Contains("8", e.Message);
    }

    [Fact]
    public void Run_PatienceWithoutValidationSet_NeverStopsEarly()
    {
        using var model = TrainerFixture.Model(16);
        var options = TrainerFixture.Options(epochs: 3) with { EarlyStoppingPatience = 1 };
        var data = TrainerFixture.Blobs(64, 1);
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, data, data.Select([], "none"));
        trainer.Initialize();
        var outcome = trainer.Run();
        Assert.False(outcome.StoppedEarly);
        Assert.Equal(3, outcome.Epochs.Count);
    }

    [Fact]
    public void Run_PatienceOne_StopsWhenValidationLossRises()
    {
        // A learning rate far too large makes validation loss rise after the first epoch.
        var options = TrainerFixture.Options(epochs: 20) with
        {
            EarlyStoppingPatience = 1,
            Schedule = new Kernels.Schedules.ConstantSchedule(3.0),
            Optimizer = TrainerFixture.Options().Optimizer with { Kind = Kernels.Ops.OptimizerKind.Sgd, MaxGradientNorm = 0 },
        };
        var (_, outcome) = TrainFresh(options);
        Assert.True(outcome.StoppedEarly);
        Assert.True(outcome.Epochs.Count < 20);
        Assert.True(outcome.Epochs[^1].ValidationLoss >= outcome.Epochs.Min(e => e.ValidationLoss));
    }

    [Fact]
    public void Run_NonFiniteLoss_ThrowsNamingStepAndLayer()
    {
        var data = TrainerFixture.Blobs(64, 4);
        using var model = TrainerFixture.Model(16, dropout: 0f);
        var options = TrainerFixture.Options(epochs: 1) with
        {
            Schedule = new Kernels.Schedules.ConstantSchedule(1e30),
            Optimizer = TrainerFixture.Options().Optimizer with { Kind = Kernels.Ops.OptimizerKind.Sgd, MaxGradientNorm = 0 },
        };
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, data, data);
        trainer.Initialize();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Equal(2, e.Step); // step 1 uses finite weights; its 1e30-sized update breaks step 2
        Assert.Matches("layer (dense|batch-norm|relu)[0-9]", e.Message);
    }

    [Fact]
    public void Run_EpochMetrics_ReportUpdateRatioForEveryLayerWithParameters()
    {
        var (_, outcome) = TrainFresh(TrainerFixture.Options(epochs: 1));
        var ratios = outcome.Epochs[0].UpdateRatios;
        Assert.Equal(["batch-norm0", "dense0", "dense1"], ratios.Keys.Order());
        Assert.All(ratios.Values, r => Assert.InRange(r, 1e-6, 1.0));
    }
}

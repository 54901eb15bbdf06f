using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Tests.Training;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>
/// The plain training loop on the OpenCL device follows the CPU device's loss curve: same seed, data, masks and
/// initial weights, so the curves differ only by float rounding, which grows slowly over the steps.
/// </summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClTrainingTests(OpenClDeviceFixture fixture)
{
    private static (List<double> Losses, float[] Parameters, TrainingOutcome Outcome) Train(IDevice device, OptimizerKind kind)
    {
        var options = TrainerFixture.Options(epochs: 2, kind: kind);
        using var model = new Sequential(device, TrainerFixture.Features,
            [new Dense(16, new HeNormalInitializer()), new BatchNorm(), new ActivationLayer(Activation.Relu), new Dropout(0.2f), new Dense(TrainerFixture.Classes)],
            options.BatchSize);
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, TrainerFixture.Blobs(200, 1), TrainerFixture.Blobs(60, 2));
        var losses = new List<double>();
        trainer.StepCompleted += p => losses.Add(p.Loss);
        trainer.Initialize();
        var outcome = trainer.Run();
        return (losses, TrainerFixture.Parameters(model, trainer), outcome);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Momentum)]
    public void Run_SameSeedOnOpenClAndCpu_FollowsTheSameLossCurve(OptimizerKind kind)
    {
        var cpu = Train(new CpuDevice(), kind);
        var opencl = Train(fixture.Device, kind);

        Assert.Equal(26, cpu.Losses.Count); // 2 epochs of 13 updates
        Assert.Equal(cpu.Losses.Count, opencl.Losses.Count);
        for (int step = 0; step < cpu.Losses.Count; step++)
            Assert.True(Math.Abs(cpu.Losses[step] - opencl.Losses[step]) <= 1e-3 * Math.Max(1, Math.Abs(cpu.Losses[step])),
                $"step {step}: CPU loss {cpu.Losses[step]}, OpenCL {opencl.Losses[step]}");
        Assert.True(cpu.Losses[^1] < 0.7 * cpu.Losses[0], "the run must learn, or equal curves prove little");
        // The bias ahead of BatchNorm has a gradient of exactly 0 in exact arithmetic; Adam scales its rounding noise up
        // to full steps, whose signs differ between devices. Parameters are therefore compared under momentum only.
        if (kind == OptimizerKind.Momentum)
        {
            for (int i = 0; i < cpu.Parameters.Length; i++)
                Assert.True(Math.Abs(cpu.Parameters[i] - opencl.Parameters[i]) <= 1e-3f * Math.Max(1f, Math.Abs(cpu.Parameters[i])),
                    $"parameter {i}: CPU {cpu.Parameters[i]}, OpenCL {opencl.Parameters[i]}");
        }
        Assert.Equal(cpu.Outcome.Epochs[^1].ValidationAccuracy, opencl.Outcome.Epochs[^1].ValidationAccuracy, 0.02);
    }
}

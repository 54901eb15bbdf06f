using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Training;

/// <summary>Turns bound settings into the training loop's options (optimizer update, schedule, scaling rule).</summary>
public static class TrainingOptionsFactory
{
    /// <param name="stepsPerEpoch">updates per epoch, for schedules stepped per epoch (<c>per = epoch</c>).</param>
    public static TrainingOptions Create(RunSettings run, long stepsPerEpoch)
    {
        var t = run.Training;
        var o = t.Optimizer;
        double lr = o.BaseBatchSize > 0 ? LinearScaling.Scale(o.LearningRate, t.BatchSize * t.GradientAccumulation, o.BaseBatchSize) : o.LearningRate;
        if (!(lr > 0)) throw new ArgumentOutOfRangeException("actortrain.training.optimizer.learning-rate", o.LearningRate, "learning rate must be positive");
        var kind = Kernels.Training.Optimizer.ParseKind(o.Name);
        return new TrainingOptions
        {
            Epochs = t.Epochs,
            BatchSize = t.BatchSize,
            AccumulationSteps = t.GradientAccumulation,
            EarlyStoppingPatience = t.EarlyStoppingPatience,
            CheckpointEverySteps = t.CheckpointEverySteps,
            Seed = run.Seed,
            Augmentation = run.Data.Augmentation,
            Schedule = Schedule(t.Schedule, lr, stepsPerEpoch),
            Optimizer = new OptimizerUpdate
            {
                Kind = kind,
                LearningRate = (float)lr,
                Step = 1,
                MaxGradientNorm = (float)t.ClipNorm,
                ClipValue = (float)t.ClipValue,
                L2 = (float)o.L2,
                L1 = (float)o.L1,
                WeightDecay = kind == OptimizerKind.AdamW ? (float)o.WeightDecay : 0f,
                Momentum = o.Momentum,
                Alpha = o.Alpha,
                Beta1 = o.Beta1,
                Beta2 = o.Beta2,
                Epsilon = (float)o.Epsilon,
            },
        };
    }

    private static ILearningRateSchedule Schedule(ScheduleSettings settings, double lr, long stepsPerEpoch)
    {
        var parameters = settings.Parameters.Where(p => p.Key != "per").ToDictionary(p => p.Key, p => p.Value);
        var schedule = LearningRateSchedule.Create(settings.Kind, lr, parameters);
        return settings.Parameters.GetValueOrDefault("per", "step") switch
        {
            "step" => schedule,
            "epoch" => new PerEpochSchedule(schedule, stepsPerEpoch),
            var other => throw new ArgumentException($"actortrain.training.schedule.per must be step or epoch, got '{other}'"),
        };
    }
}

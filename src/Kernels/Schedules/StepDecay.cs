namespace ActorTrain.Kernels.Schedules;

/// <summary>lr·γ^⌊step / stepSize⌋, as torch.optim.lr_scheduler.StepLR.</summary>
public sealed class StepDecay : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly long _stepSize;
    private readonly double _gamma;

    public StepDecay(double lr, long stepSize, double gamma)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "step");
        _stepSize = Guard.Positive(stepSize, nameof(stepSize), "step");
        _gamma = Guard.Positive(gamma, nameof(gamma), "step");
    }

    public double At(long step) => _lr * Math.Pow(_gamma, Guard.Step(step) / _stepSize);
}

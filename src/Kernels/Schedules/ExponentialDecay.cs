namespace ActorTrain.Kernels.Schedules;

/// <summary>lr·γ^step, as torch.optim.lr_scheduler.ExponentialLR.</summary>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly double _gamma;

    public ExponentialDecay(double lr, double gamma)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "exponential");
        _gamma = Guard.Positive(gamma, nameof(gamma), "exponential");
    }

    public double At(long step) => _lr * Math.Pow(_gamma, Guard.Step(step));
}

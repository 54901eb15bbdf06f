namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// (lr − endLr)·(1 − min(step, totalSteps)/totalSteps)^power + endLr, as Keras PolynomialDecay (without cycle);
/// with endLr = 0 it is torch.optim.lr_scheduler.PolynomialLR. Holds endLr after totalSteps.
/// </summary>
public sealed class PolynomialDecay : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly long _totalSteps;
    private readonly double _endLr;
    private readonly double _power;

    public PolynomialDecay(double lr, long totalSteps, double endLr = 0.0, double power = 1.0)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "polynomial");
        _totalSteps = Guard.Positive(totalSteps, nameof(totalSteps), "polynomial");
        _endLr = Guard.NonNegative(endLr, nameof(endLr), "polynomial");
        _power = Guard.Positive(power, nameof(power), "polynomial");
    }

    public double At(long step)
    {
        double remaining = 1.0 - (double)Math.Min(Guard.Step(step), _totalSteps) / _totalSteps;
        return (_lr - _endLr) * Math.Pow(remaining, _power) + _endLr;
    }
}

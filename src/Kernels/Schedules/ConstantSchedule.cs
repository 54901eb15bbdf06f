namespace ActorTrain.Kernels.Schedules;

public sealed class ConstantSchedule : ILearningRateSchedule
{
    private readonly double _lr;

    public ConstantSchedule(double lr)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "constant");
    }

    public double At(long step)
    {
        Guard.Step(step);
        return _lr;
    }
}

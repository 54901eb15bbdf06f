namespace ActorTrain.Kernels.Schedules;

/// <summary>lr / (1 + decayRate·step/decaySteps), as Keras InverseTimeDecay (without staircase).</summary>
public sealed class InverseTimeDecay : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly double _decayRate;
    private readonly long _decaySteps;

    public InverseTimeDecay(double lr, double decayRate, long decaySteps)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "inverse-time");
        _decayRate = Guard.NonNegative(decayRate, nameof(decayRate), "inverse-time");
        _decaySteps = Guard.Positive(decaySteps, nameof(decaySteps), "inverse-time");
    }

    public double At(long step) => _lr / (1.0 + _decayRate * Guard.Step(step) / _decaySteps);
}

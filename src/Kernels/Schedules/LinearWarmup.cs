namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// Gradual warm-up (Goyal et al. 2017): for step &lt; warmupSteps the rate rises linearly from
/// startFactor·inner.At(0) towards inner.At(0); from warmupSteps on it is inner.At(step − warmupSteps).
/// The inner schedule is shifted, not overlaid, so its shape (restart periods, cycle phase, milestones
/// counted from the end of warm-up) is kept whole and the rate is continuous at the hand-over. This is
/// torch's SequentialLR([LinearLR(startFactor, total_iters=warmupSteps), inner], milestones=[warmupSteps]).
/// </summary>
public sealed class LinearWarmup : ILearningRateSchedule
{
    private readonly long _warmupSteps;
    private readonly ILearningRateSchedule _inner;
    private readonly double _startFactor;

    public LinearWarmup(long warmupSteps, ILearningRateSchedule inner, double startFactor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _warmupSteps = Guard.Positive(warmupSteps, nameof(warmupSteps), "warmup");
        if (!(startFactor >= 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"warmup: startFactor must be in [0, 1], got {startFactor}");
        }

        _inner = inner;
        _startFactor = startFactor;
    }

    public double At(long step)
    {
        if (Guard.Step(step) >= _warmupSteps) return _inner.At(step - _warmupSteps);
        double factor = _startFactor + (1.0 - _startFactor) * step / _warmupSteps;
        return factor * _inner.At(0);
    }
}

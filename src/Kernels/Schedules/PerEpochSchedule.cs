namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// Steps an inner schedule once per epoch instead of once per update: the rate of update s is inner.At(s / stepsPerEpoch).
/// Lets a config say "cosine over 10 epochs" without knowing how many updates an epoch has (that depends on the data
/// limit, the batch size and accumulation).
/// </summary>
public sealed class PerEpochSchedule : ILearningRateSchedule
{
    private readonly ILearningRateSchedule _inner;
    private readonly long _stepsPerEpoch;

    public PerEpochSchedule(ILearningRateSchedule inner, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (stepsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "an epoch has at least one update");
        _inner = inner;
        _stepsPerEpoch = stepsPerEpoch;
    }

    public double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return _inner.At(step / _stepsPerEpoch);
    }
}

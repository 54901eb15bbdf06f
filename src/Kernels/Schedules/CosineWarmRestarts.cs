namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// SGDR (Loshchilov and Hutter 2017): within a period of T_i steps the rate falls from lr to etaMin along
/// half a cosine, etaMin + (lr − etaMin)(1 + cos(π·T_cur/T_i))/2, then restarts at lr; periods are
/// t0, t0·tMult, t0·tMult², ... As torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.
/// </summary>
public sealed class CosineWarmRestarts : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly long _t0;
    private readonly long _tMult;
    private readonly double _etaMin;

    public CosineWarmRestarts(double lr, long t0, long tMult = 1, double etaMin = 0.0)
    {
        _lr = Guard.NonNegative(lr, nameof(lr), "cosine-restarts");
        _t0 = Guard.Positive(t0, nameof(t0), "cosine-restarts");
        _tMult = Guard.Positive(tMult, nameof(tMult), "cosine-restarts");
        _etaMin = Guard.NonNegative(etaMin, nameof(etaMin), "cosine-restarts");
    }

    public double At(long step)
    {
        var (position, period) = Locate(Guard.Step(step));
        return _etaMin + (_lr - _etaMin) * (1.0 + Math.Cos(Math.PI * position / period)) / 2.0;
    }

    /// <summary>
    /// Position within the current period and that period's length. Walked in integers rather than with
    /// torch's log formula, which can misplace a step that sits exactly on a restart by rounding; with
    /// tMult ≥ 2 the loop runs at most 63 times.
    /// </summary>
    private (long Position, long Period) Locate(long step)
    {
        if (_tMult == 1) return (step % _t0, _t0);
        long period = _t0;
        while (step >= period)
        {
            step -= period;
            period *= _tMult;
        }

        return (step, period);
    }
}

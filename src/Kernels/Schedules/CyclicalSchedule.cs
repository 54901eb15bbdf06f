namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// Cyclical learning rate (Smith 2017): a triangle wave from baseLr up to maxLr over stepSizeUp steps and
/// back over stepSizeDown, its amplitude scaled by the <see cref="CyclicalMode"/>. As
/// torch.optim.lr_scheduler.CyclicLR (exp_range scaled per iteration, as torch does).
/// </summary>
public sealed class CyclicalSchedule : ILearningRateSchedule
{
    private readonly double _baseLr;
    private readonly double _maxLr;
    private readonly long _stepSizeUp;
    private readonly long _stepSizeDown;
    private readonly CyclicalMode _mode;
    private readonly double _gamma;

    /// <param name="stepSizeDown">Steps of the falling half; null means equal to <paramref name="stepSizeUp"/>.</param>
    public CyclicalSchedule(
        double baseLr, double maxLr, long stepSizeUp, CyclicalMode mode = CyclicalMode.Triangular, double gamma = 1.0, long? stepSizeDown = null)
    {
        _baseLr = Guard.NonNegative(baseLr, nameof(baseLr), "cyclical");
        _maxLr = Guard.NonNegative(maxLr, nameof(maxLr), "cyclical");
        if (_maxLr < _baseLr) throw new ArgumentOutOfRangeException(nameof(maxLr), maxLr, $"cyclical: maxLr must be >= baseLr ({baseLr})");
        _stepSizeUp = Guard.Positive(stepSizeUp, nameof(stepSizeUp), "cyclical");
        _stepSizeDown = Guard.Positive(stepSizeDown ?? stepSizeUp, nameof(stepSizeDown), "cyclical");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "cyclical: unknown mode");
        _mode = mode;
        _gamma = Guard.Positive(gamma, nameof(gamma), "cyclical");
    }

    public double At(long step)
    {
        long cycleLength = _stepSizeUp + _stepSizeDown;
        long position = Guard.Step(step) % cycleLength;
        double height = position <= _stepSizeUp
            ? (double)position / _stepSizeUp
            : (double)(cycleLength - position) / _stepSizeDown;
        long cycle = step / cycleLength + 1;
        double amplitude = _mode switch
        {
            CyclicalMode.Triangular => 1.0,
            CyclicalMode.Triangular2 => Math.Pow(0.5, cycle - 1),
            _ => Math.Pow(_gamma, step),
        };
        return _baseLr + (_maxLr - _baseLr) * height * amplitude;
    }
}

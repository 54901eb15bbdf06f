namespace ActorTrain.Kernels.Schedules;

/// <summary>lr·γ^(number of milestones ≤ step), as torch.optim.lr_scheduler.MultiStepLR: the decay applies from the milestone's own step on.</summary>
public sealed class MultiStepDecay : ILearningRateSchedule
{
    private readonly double _lr;
    private readonly long[] _milestones;
    private readonly double _gamma;

    public MultiStepDecay(double lr, IReadOnlyList<long> milestones, double gamma)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _lr = Guard.NonNegative(lr, nameof(lr), "multi-step");
        _gamma = Guard.Positive(gamma, nameof(gamma), "multi-step");
        _milestones = milestones.ToArray();
        for (int i = 0; i < _milestones.Length; i++)
        {
            if (_milestones[i] <= 0 || (i > 0 && _milestones[i] <= _milestones[i - 1]))
            {
                throw new ArgumentException(
                    $"multi-step: milestones must be positive and strictly increasing, got [{string.Join(", ", _milestones)}]", nameof(milestones));
            }
        }
    }

    public double At(long step)
    {
        int index = Array.BinarySearch(_milestones, Guard.Step(step));
        int passed = index >= 0 ? index + 1 : ~index;
        return _lr * Math.Pow(_gamma, passed);
    }
}

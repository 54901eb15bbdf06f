namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Each worker's loss sum and row count per step, for an epoch's training loss. A redone step overwrites, and a
/// re-planned step is redone by the live workers: per step only the newest generation's reports count.
/// </summary>
internal sealed class StepLosses
{
    private readonly Dictionary<(long Step, int Worker), (int Generation, double Loss, int Rows)> _reports = [];

    public void Record(StepDone done)
    {
        var key = (done.Step, done.Worker);
        if (!_reports.TryGetValue(key, out var previous) || previous.Generation <= done.Generation)
            _reports[key] = (done.Generation, done.LossSum, done.Rows);
    }

    /// <summary>The loss sum and rows of steps [first, end), which are then forgotten.</summary>
    public (double Loss, long Rows) Take(long first, long end)
    {
        var steps = _reports.Where(p => p.Key.Step >= first && p.Key.Step < end).ToList();
        foreach (var (key, _) in steps) _reports.Remove(key);
        var counted = steps.GroupBy(p => p.Key.Step).SelectMany(g => g.Where(p => p.Value.Generation == g.Max(q => q.Value.Generation))).ToList();
        return (counted.Sum(p => p.Value.Loss), counted.Sum(p => (long)p.Value.Rows));
    }
}

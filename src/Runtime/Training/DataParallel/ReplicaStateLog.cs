namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// The first live replica's layer state (batch-norm running statistics) after recent steps. The shards hold only
/// trainable parameters, so without it a rewind would replay steps onto statistics that already saw them, and a
/// restarted worker would start its statistics over. Kept: the newest two steps (a restart redoes at most one), and
/// the newest checkpoint steps (a rewind goes back to one; they are also written beside the shards' checkpoints).
/// </summary>
internal sealed class ReplicaStateLog(DataParallelSetup setup, long firstStep, float[] initial)
{
    private const int CheckpointsKept = 3; // as many as a CheckpointStore keeps by default

    private readonly SortedDictionary<long, float[]> _states = new() { [firstStep] = initial };

    public void Add(long step, float[] state)
    {
        _states[step] = state;
        if (setup.IsCheckpointStep(step)) DataParallelTrainer.SaveReplicaState(setup, step, state);
        var checkpoints = _states.Keys.Where(k => k < step - 1 && (k == firstStep || setup.IsCheckpointStep(k))).ToList();
        foreach (long old in _states.Keys.Where(k => k < step - 1).Except(checkpoints.TakeLast(CheckpointsKept)).ToList()) _states.Remove(old);
    }

    /// <summary>The state after exactly <paramref name="step"/> steps, or empty when it is not kept (replicas then keep their own).</summary>
    public float[] At(long step) => _states.TryGetValue(step, out var state) ? state : [];

    /// <summary>A rewind to <paramref name="step"/>: states of the steps after it are about to be replayed.</summary>
    public void DropAfter(long step)
    {
        foreach (long later in _states.Keys.Where(k => k > step).ToList()) _states.Remove(later);
    }
}

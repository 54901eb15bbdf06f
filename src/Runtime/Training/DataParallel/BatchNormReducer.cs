using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// The all-reduce behind SyncBatchNorm: collects one contribution per live replica for each (generation, step, call),
/// adds them in worker-id order (so every replica gets bitwise the same sums) and answers every asker.
/// </summary>
public sealed class BatchNormReducer : ReceiveActor
{
    private readonly Dictionary<(int Generation, long Step, int Call), List<(ReduceRequest Request, IActorRef Asker)>> _open = [];

    public BatchNormReducer()
    {
        // A re-plan (a replica lost, or restarted mid-step) abandons every open reduction of older generations: their
        // askers drop the step at once instead of waiting for a contribution that will never come, and redo it.
        Receive<Plan>(plan =>
        {
            foreach (var key in _open.Keys.Where(k => k.Generation < plan.Generation).ToList())
            {
                foreach (var (_, asker) in _open[key]) asker.Tell(new Status.Failure(new ReductionAbandonedException($"re-planned to generation {plan.Generation}")));
                _open.Remove(key);
            }
        });
        Receive<ReduceRequest>(request =>
        {
            var key = (request.Generation, request.Step, request.Call);
            if (!_open.TryGetValue(key, out var parts)) _open[key] = parts = [];
            parts.RemoveAll(p => p.Request.Worker == request.Worker); // a restarted replica's second try replaces its first
            parts.Add((request, Sender));
            if (parts.Count < request.LiveWorkers.Length) return;
            _open.Remove(key);
            var sum = new float[request.Values.Length];
            foreach (var (part, _) in parts.OrderBy(p => p.Request.Worker))
                for (int i = 0; i < sum.Length; i++) sum[i] += part.Values[i];
            foreach (var (_, asker) in parts) asker.Tell(new ReduceReply(sum));
            foreach (var stale in _open.Keys.Where(k => k.Generation < request.Generation).ToList()) _open.Remove(stale);
        });
        // In sync mode all replicas of a generation meet in one reduction at a time: a hung one is missing from it. More
        // than one open means the replicas disagree on where they are; nobody is named, and the run fails.
        Receive<ReductionStatusRequest>(r =>
        {
            var open = _open.Where(o => o.Key.Generation == r.Generation).ToList();
            Sender.Tell(open is [var (key, parts)]
                ? new ReductionStatus(r.Generation, key.Step, parts[0].Request.LiveWorkers.Except(parts.Select(p => p.Request.Worker)).Order().ToArray())
                : new ReductionStatus(r.Generation, -1, []));
        });
    }

    /// <summary>
    /// A restart (the reducer threw) loses its open reductions but not the replicas' asks: those time out, the replicas
    /// restart, and with SyncBatchNorm a restart re-plans every replica. Releasing them here would leave them waiting for
    /// a re-plan nobody sends.
    /// </summary>
    protected override void PreRestart(Exception reason, object? message) => _open.Clear();

    /// <summary>Replicas still waiting (the run is ending) are released at once instead of at their ask's timeout.</summary>
    protected override void PostStop()
    {
        foreach (var (_, asker) in _open.Values.SelectMany(parts => parts))
            asker.Tell(new Status.Failure(new ReductionAbandonedException("the run is ending")));
        _open.Clear();
    }
}

/// <summary>A SyncBatchNorm reduction given up by a re-plan (or the end of the run): the replica drops its step and follows the new plan.</summary>
public sealed class ReductionAbandonedException(string reason) : Exception(reason);

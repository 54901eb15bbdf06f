using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

// The coordinator's failure handling: lost and hung workers planned out, the two-phase sync re-plan, shard restarts
// and rewinds, and the step-timeout.
public sealed partial class Coordinator
{
    private void OnTerminated(Terminated t)
    {
        if (Array.IndexOf(_shards, t.ActorRef) is var shard and >= 0)
        {
            Fail($"server shard {shard} stopped after exceeding its restart budget");
            return;
        }
        if (!_workerIds.Remove(t.ActorRef, out int w) || !_live.Contains(w)) return;
        PlanOut([w], "is gone for good", "exceeded its restart budget");
    }

    /// <summary>Workers lost (stopped, or hung past the step-timeout) leave the plan; their rows move to the others.</summary>
    private void PlanOut(int[] workers, string what, string why)
    {
        _live = _live.Except(workers).ToArray();
        _lost.AddRange(workers);
        string names = $"worker{(workers.Length > 1 ? "s" : "")} {string.Join(", ", workers)}";
        if (_live.Length == 0)
        {
            Fail($"every worker is gone (the last, {names}, {why})");
            return;
        }
        Context.System.Log.Warning($"{names} {what}; {(workers.Length > 1 ? "their" : "its")} share of every batch moves to workers {string.Join(", ", _live)}");
        if (Sync) BeginSyncReplan();
        else
        {
            Replan(restore: false, -1);
            RequestAsyncSnapshots(_live.Min(w => _workerDone[w])); // the slowest may be gone, which completes epochs
        }
    }

    /// <summary>
    /// Sync re-plan, phase one: the shards adopt the new generation (dropping pushes of the old one) and acknowledge with
    /// the version they stand at. Only then do the workers learn the step to redo — pushes that were in flight may have
    /// completed a step on some shards, which only the acknowledgements show.
    /// </summary>
    private void BeginSyncReplan()
    {
        _generation++;
        _acks = Enumerable.Repeat(-1L, _shards.Length).ToArray();
        var plan = new Plan(_generation, _live, Committed, false, []);
        foreach (var shard in _shards) shard.Tell(plan);
        _reducer?.Tell(plan); // releases replicas blocked in a SyncBatchNorm reduction of the old generation
    }

    /// <summary>
    /// Phase two: the live workers redo the lowest version any shard stands at. Shards can be one apart (a push that
    /// completed a step on some shards only); those a step ahead drop the redone pushes and serve the version before,
    /// which they keep. They cannot be further apart — a worker pushes step k + 1 only once every shard has applied k —
    /// nor split at all under clipping, where every shard applies on the same global-norm message or none does.
    /// </summary>
    private void FinishSyncReplan(long[] versions)
    {
        long step = versions.Min();
        if (versions.Max() - step > 1)
        {
            Fail($"the shards stand at steps {string.Join(", ", versions)} after a re-plan; they should never be more than one step apart");
            return;
        }
        versions.CopyTo(_shardVersion, 0);
        // A shard ahead may have completed an epoch's last step with a snapshot the new generation dropped; it will not
        // apply that step again, so ask for its slice.
        for (int s = 0; s < _shards.Length; s++)
            if (versions[s] > step && _setup.IsEpochEnd(versions[s])) _shards[s].Tell(new SnapshotRequest(versions[s]));
        RestartCountsAt(step);
        // The redone step starts from the statistics before it (the first worker may have counted it already).
        var plan = new Plan(_generation, _live, step, false, _stateLog.At(step));
        foreach (var worker in _workerIds.Keys) worker.Tell(plan);
        AssignDeferred();
        SendClock();
    }

    private void OnShardRestored(ShardRestored r)
    {
        if (_setup.CheckpointDirectory is null)
        {
            Fail($"server shard {r.Shard} failed and no checkpoint directory is configured to restore it from");
            return;
        }
        Context.System.Log.Warning($"server shard {r.Shard} restarted from its checkpoint of step {r.Step}; {(Sync ? "every shard and worker rewinds to it" : "it goes on from there")}");
        if (!Sync)
        {
            // Only this shard goes back to its checkpoint, but in a new generation: pulls the failed instance held are
            // gone with it, so every worker asks again.
            _rewinds++;
            _generation++;
            foreach (var shard in _shards) shard.Tell(new Plan(_generation, _live, r.Step, Restore: shard.Equals(Sender), []));
            var plan = new Plan(_generation, _live, -1, false, []); // the workers go on from their own steps and statistics
            foreach (var worker in _workerIds.Keys) worker.Tell(plan);
            _reducer?.Tell(plan);
            SendClock();
            return;
        }
        Rewind(r.Step);
    }

    /// <summary>Sync: every shard reloads its checkpoint of <paramref name="step"/> and every worker redoes from there.</summary>
    private void Rewind(long step)
    {
        _rewinds++;
        _acks = null;
        Array.Fill(_shardVersion, step);
        _snapshots.DropAfter(step);
        foreach (var key in _replicaStates.Keys.Where(k => k > step).ToList()) _replicaStates.Remove(key);
        _stateLog.DropAfter(step);
        _norms.Clear();
        RestartCountsAt(step);
        Replan(restore: true, step);
        AssignDeferred(); // workers that restarted while a re-plan turned into this rewind
    }

    /// <summary>Every live worker goes on from <paramref name="step"/>: what they did past it is redone.</summary>
    private void RestartCountsAt(long step)
    {
        foreach (int w in _live) _workerDone[w] = step;
    }

    private void AssignDeferred()
    {
        foreach (var (worker, asker) in _deferredAssignments) Assign(worker, asker);
        _deferredAssignments.Clear();
    }

    private void Replan(bool restore, long step)
    {
        _generation++;
        var plan = new Plan(_generation, _live, step, restore, restore ? _stateLog.At(step) : []);
        foreach (var shard in _shards) shard.Tell(plan);
        foreach (var worker in _workerIds.Keys) worker.Tell(plan);
        _reducer?.Tell(plan);
        SendClock(); // bounded: the slowest may be gone, which frees the others
    }

    /// <summary>
    /// A stall past the step-timeout: live workers behind the others are taken as hung (a device that stopped answering
    /// cannot be interrupted) and planned out, so the run goes on without them. With SyncBatchNorm a hung replica keeps
    /// the others inside the same step, waiting in a reduction, so nobody is behind: the reducer is asked which replicas
    /// it waits for (<see cref="ReductionStatusRequest"/>), and those are planned out. A stall with nobody to blame — the
    /// shards or a re-plan stuck, or no answer within another step-timeout — fails the run with its reason.
    /// </summary>
    private void CheckProgress()
    {
        if (_sinceProgress.Elapsed <= _setup.StepTimeout)
        {
            _reductionQueriedAt = null;
            return;
        }
        long ahead = _live.Max(w => _workerDone[w]);
        var behind = _live.Where(w => _workerDone[w] < ahead).ToArray();
        if (_acks is null && behind.Length > 0 && behind.Length < _live.Length)
        {
            _sinceProgress.Restart();
            PlanOut(behind, $"did not finish step {ahead - 1} within the step-timeout ({_setup.StepTimeout.TotalSeconds:0.#} s)", "hung");
            return;
        }
        if (_reducer is not null && _acks is null && _live.Length > 1)
        {
            if (_reductionQueriedAt is null)
            {
                _reductionQueriedAt = _sinceProgress.Elapsed;
                _reducer.Tell(new ReductionStatusRequest(_generation));
                return;
            }
            if (_sinceProgress.Elapsed - _reductionQueriedAt.Value <= _setup.StepTimeout) return; // the answer decides
        }
        Fail(NoProgress());
    }

    private void OnReductionStatus(ReductionStatus status)
    {
        if (_reductionQueriedAt is null || status.Generation != _generation) return;
        _reductionQueriedAt = null;
        if (_sinceProgress.Elapsed <= _setup.StepTimeout) return; // progress came back while the answer was on its way
        var missing = status.Missing.Intersect(_live).ToArray();
        if (missing.Length == 0 || missing.Length == _live.Length)
        {
            Fail(NoProgress());
            return;
        }
        _sinceProgress.Restart();
        PlanOut(missing, $"did not join step {status.Step}'s batch-norm reduction within the step-timeout ({_setup.StepTimeout.TotalSeconds:0.#} s)", "hung");
    }

    private string NoProgress() =>
        $"no progress for {_setup.StepTimeout.TotalSeconds:0.#} s (committed step {Committed}, workers done {string.Join("/", _workerDone)}, live {string.Join(",", _live)})";

    private void Fail(string reason)
    {
        _done.TrySetException(new TrainingFailedException(reason));
        Context.Stop(Self);
    }
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// Failure, supervision and the lifecycle around them. A failure suspends this actor and its children and reports to the
/// parent; the parent's strategy answers with Resume, Recreate or Terminate. Termination and restart wait for the children
/// they stop before finishing.
/// </summary>
internal sealed partial class ActorCell
{
    /// <summary>Set from a failure until the supervisor's answer; further failures meanwhile are not reported again.</summary>
    private bool _isFailed;
    private object? _failedMessage;
    /// <summary>A restart waiting for the children its PreRestart stopped.</summary>
    private Exception? _recreateCause;

    /// <param name="skipChild">The child whose escalated failure this is: it is already suspended by its own failure.</param>
    private void HandleInvokeFailure(Exception cause, IActorRef? skipChild = null)
    {
        if (_isTerminating)
        {
            PublishError(cause, "Exception while terminating");
            return;
        }
        if (_isFailed) return;
        _isFailed = true;
        _failedMessage = _current.Message;
        Mailbox.Suspend();
        SuspendChildren(except: skipChild);
        _parent.SendSystemMessage(new SystemMessage.Failed(Self, cause, Self.Path.Uid));
    }

    private void HandleFailed(SystemMessage.Failed failed)
    {
        // A failure from a child already stopped or replaced by a namesake is moot.
        if (FindChild(failed.Child) is not { } stats || stats.Child.Path.Uid != failed.Uid || _toDie.Contains(failed.Child)) return;
        stats.LastCause = failed.Cause;
        if (!CurrentStrategy.HandleFailure(this, stats, failed.Cause, ChildStats()))
            HandleInvokeFailure(failed.Cause, skipChild: failed.Child);
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        SuspendChildren(except: null);
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_isTerminating) return;
        Mailbox.Resume();
        if (causedByFailure is not null)
        {
            _isFailed = false;
            _failedMessage = null;
            // Failed before an instance existed: there is nothing to resume, so create one, as Akka does.
            if (_actor is null) Create();
        }
        ResumeChildren();
    }

    private void FaultRecreate(Exception cause)
    {
        if (_isTerminating) return;
        if (_actor is not { } failed)
        {
            FinishRecreate(cause);
            return;
        }
        // Stashed messages go back ahead of the mailbox; the failing message itself is not retried.
        _stash?.UnstashAll();
        _timers?.CancelAll();
        try
        {
            failed.InvokePreRestart(cause, _failedMessage);
        }
        catch (Exception e)
        {
            PublishError(e, "Exception in PreRestart");
        }
        finally
        {
            ClearActor();
        }
        if (_toDie.Count > 0) _recreateCause = cause;
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        var survivors = ChildStats();
        try
        {
            Mailbox.Resume();
            _isFailed = false;
            _failedMessage = null;
            NewActor().InvokePostRestart(cause);
            foreach (var survivor in survivors) survivor.Child.SendSystemMessage(new SystemMessage.Recreate(cause));
        }
        catch (Exception e)
        {
            ClearActor();
            HandleInvokeFailure(new ActorInitializationException(Self, $"Exception post restart of {Self}", Props.Unwrap(e)));
        }
    }

    private void Terminate()
    {
        lock (_childrenLock)
        {
            if (_isTerminating) return;
            _isTerminating = true;
        }
        Mailbox.Suspend();
        foreach (var stats in ChildStats())
        {
            _toDie.Add(stats.Child);
            stats.Child.Stop();
        }
        if (_toDie.Count == 0) FinishTerminate();
    }

    private void FinishTerminate()
    {
        try
        {
            if (_actor is { } actor)
            {
                _stash?.UnstashAll();
                actor.InvokePostStop();
            }
        }
        catch (Exception e)
        {
            PublishError(e, "Exception in PostStop");
        }
        finally
        {
            _timers?.CancelAll();
            Mailbox.Close();
            Mailbox.Dispatcher.Detach(this);
            _parent.SendSystemMessage(new SystemMessage.DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false));
            TellWatchersWeDied();
            UnwatchWatchedActors();
            ClearActor();
        }
    }
}

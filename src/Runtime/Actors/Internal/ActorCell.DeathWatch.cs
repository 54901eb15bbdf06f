namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Death watch: who this actor watches, who watches it, and the Terminated messages in flight.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<IActorRef> _watching = [];
    private readonly HashSet<IInternalActorRef> _watchedBy = [];
    /// <summary>Terminated messages queued to self and still wanted (Unwatch removes the entry, dropping the message).</summary>
    private readonly HashSet<IActorRef> _terminatedQueued = [];

    public IActorRef Watch(IActorRef subject)
    {
        if (subject is IInternalActorRef target && !target.Equals(Self) && _watching.Add(target))
            target.SendSystemMessage(new SystemMessage.Watch(target, Self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is IInternalActorRef target && !target.Equals(Self) && _watching.Remove(target))
            target.SendSystemMessage(new SystemMessage.Unwatch(target, Self));
        _terminatedQueued.Remove(subject);
        return subject;
    }

    private void AddWatcher(SystemMessage.Watch watch)
    {
        if (watch.Watchee.Equals(Self) && !watch.Watcher.Equals(Self)) _watchedBy.Add(watch.Watcher);
    }

    private void RemoveWatcher(SystemMessage.Unwatch unwatch)
    {
        if (unwatch.Watchee.Equals(Self)) _watchedBy.Remove(unwatch.Watcher);
    }

    /// <summary>
    /// Terminated goes through the mailbox as a user message, so it is ordered after messages the dead actor sent before
    /// it died. A parent also learns here that its child is gone.
    /// </summary>
    private void WatchedActorTerminated(SystemMessage.DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor) && !_isTerminating)
        {
            _terminatedQueued.Add(actor);
            Self.Tell(new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated), actor);
        }
        if (FindChild(actor) is not null) HandleChildTerminated(actor);
    }

    /// <summary>The parent was told separately, so it is skipped here even when it also watches.</summary>
    private void TellWatchersWeDied()
    {
        foreach (var watcher in _watchedBy)
            if (!watcher.Equals(_parent))
                watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false));
        _watchedBy.Clear();
    }

    private void UnwatchWatchedActors()
    {
        foreach (var watched in _watching)
            ((IInternalActorRef)watched).SendSystemMessage(new SystemMessage.Unwatch((IInternalActorRef)watched, Self));
        _watching.Clear();
        _terminatedQueued.Clear();
    }
}

namespace ActorTrain.Runtime.Actors;

/// <summary>A behaviour: returns false when it does not handle the message (which then goes to Unhandled).</summary>
public delegate bool Receive(object message);

/// <summary>The actor's view of itself and its surroundings; valid only on the actor's own turn.</summary>
public interface IActorContext
{
    IActorRef Self { get; }
    /// <summary>The sender of the current message; dead letters when there was none.</summary>
    IActorRef Sender { get; }
    IActorRef Parent { get; }
    ActorSystem System { get; }
    Props Props { get; }

    IEnumerable<IActorRef> GetChildren();
    /// <summary>The child of that name, or <see cref="Nobody"/>.</summary>
    IActorRef Child(string name);
    IActorRef ActorOf(Props props, string? name = null);
    /// <summary>Stops a child (or Self) after its current message; its queued messages become dead letters.</summary>
    void Stop(IActorRef child);

    /// <summary>Asks for <see cref="Terminated"/> when <paramref name="subject"/> stops, even if it already has.</summary>
    IActorRef Watch(IActorRef subject);
    /// <summary>Stops watching; a Terminated already queued for it is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);
    /// <summary>Pushes a behaviour, to be popped by <see cref="UnbecomeStacked"/>.</summary>
    void BecomeStacked(Receive receive);
    /// <summary>Pops a behaviour; with only one left, returns to the actor's initial behaviour.</summary>
    void UnbecomeStacked();
}

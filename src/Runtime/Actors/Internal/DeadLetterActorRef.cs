namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Where undeliverable messages go: each is published on the event stream as a <see cref="Event.DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorPath path, ActorSystem system) : ActorRefBase(path), IInternalActorRef
{
    public IInternalActorRef? Parent => null;
    public bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        if (message is Event.DeadLetter deadLetter) system.PublishDeadLetter(deadLetter);
        else system.DeadLetter(message, sender, this);
    }

    public void SendSystemMessage(SystemMessage message) => system.DeadSystemMessage(message, this);
}

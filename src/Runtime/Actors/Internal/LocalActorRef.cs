namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>A ref to an actor in this process: Tell goes straight into its cell's mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : ActorRefBase(path), IInternalActorRef
{
    public ActorCell Cell { get; } = cell;
    public IInternalActorRef Parent => Cell.ParentRef;
    public bool IsTerminated => Cell.Mailbox.IsClosed;

    public override void Tell(object message, IActorRef? sender) => Cell.SendMessage(message, sender);

    public void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);

    public void Stop() => Cell.SendSystemMessage(SystemMessage.Terminate.Instance);
}

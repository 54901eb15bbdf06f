using ActorTrain.Runtime.Actors.Event;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// The parent of the root guardian (Akka's "bubble walker"): stops the root if it fails, and completes the system's
/// termination once the root has stopped.
/// </summary>
internal sealed class RootSupervisor(ActorPath path, ActorSystem system) : ActorRefBase(path), IInternalActorRef
{
    public IInternalActorRef? Parent => null;
    public bool IsTerminated => system.WhenTerminated.IsCompleted;

    public override void Tell(object message, IActorRef? sender) { }

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case SystemMessage.Failed failed:
                system.PublishLog(new Error(failed.Cause, failed.Child.Path.ToString(), typeof(RootSupervisor), "Root guardian failed; stopping the system"));
                ((IInternalActorRef)failed.Child).Stop();
                break;
            case SystemMessage.DeathWatchNotification:
                system.OnRootTerminated();
                break;
        }
    }
}

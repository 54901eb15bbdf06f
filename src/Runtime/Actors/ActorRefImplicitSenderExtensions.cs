using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>Tell and Forward with the sender taken from the running actor, as Akka.NET's implicit sender.</summary>
public static class ActorRefImplicitSenderExtensions
{
    /// <summary>Inside an actor the sender is Self; elsewhere there is none.</summary>
    public static void Tell(this ICanTell receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Sends keeping the original sender of the message being processed.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        var cell = ActorCell.Current;
        receiver.Tell(message, cell?.CurrentEnvelope.Sender);
    }
}

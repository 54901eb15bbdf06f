namespace ActorTrain.Runtime.Actors;

/// <summary>Anything a message can be sent to.</summary>
public interface ICanTell
{
    /// <summary>Sends without waiting; <paramref name="sender"/> may be <see cref="ActorRefs.NoSender"/>.</summary>
    void Tell(object message, IActorRef? sender);
}

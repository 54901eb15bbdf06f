namespace ActorTrain.Runtime.Actors;

/// <summary>
/// Delivered to a watcher when the watched actor has stopped. <paramref name="ExistenceConfirmed"/> is false when the actor
/// was already gone at the time of the watch; <paramref name="AddressTerminated"/> is true when its node was lost.
/// </summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated)
    : IAutoReceivedMessage, INoSerializationVerificationNeeded;

namespace ActorTrain.Runtime.Actors;

/// <summary>Every actor answers it with <see cref="ActorIdentity"/> carrying its own ref.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

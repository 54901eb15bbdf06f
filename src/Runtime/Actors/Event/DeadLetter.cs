namespace ActorTrain.Runtime.Actors.Event;

/// <summary>A message that could not be delivered (its recipient had stopped), as published on the event stream.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient) : INoSerializationVerificationNeeded;

/// <summary>A message the recipient's behaviour did not handle.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient) : INoSerializationVerificationNeeded;

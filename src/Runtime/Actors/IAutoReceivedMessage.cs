namespace ActorTrain.Runtime.Actors;

/// <summary>A message the actor cell handles itself, in mailbox order, before the actor's behaviour sees it.</summary>
public interface IAutoReceivedMessage;

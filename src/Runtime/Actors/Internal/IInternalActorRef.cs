namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>What the kernel needs from a ref beyond Tell: system messages and the parent link.</summary>
internal interface IInternalActorRef : IActorRef
{
    IInternalActorRef? Parent { get; }
    bool IsTerminated { get; }
    void SendSystemMessage(SystemMessage message);
    void Stop() => SendSystemMessage(SystemMessage.Terminate.Instance);
}

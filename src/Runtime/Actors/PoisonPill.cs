namespace ActorTrain.Runtime.Actors;

/// <summary>Stops the actor when processed: messages queued before it are handled, those after it become dead letters.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    public override string ToString() => "<PoisonPill>";
}

using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>A ref to no actor: what <see cref="IActorContext.Child"/> returns for a missing name. Tells are dropped.</summary>
public sealed class Nobody : ActorRefBase
{
    public static readonly Nobody Instance = new();

    private Nobody() : base(ActorPath.RootOf(new Address(Address.DefaultProtocol, "all-systems")) / "Nobody") { }

    public override void Tell(object message, IActorRef? sender) { }
}

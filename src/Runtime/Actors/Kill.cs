namespace ActorTrain.Runtime.Actors;

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>; the default decider then stops it.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();
    private Kill() { }
    public override string ToString() => "<Kill>";
}

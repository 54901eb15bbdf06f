namespace ActorTrain.Runtime.Actors;

/// <summary>
/// An immutable handle to one incarnation of an actor. Equal when path and uid are equal,
/// so a ref to a stopped actor never equals a ref to its successor of the same name.
/// </summary>
public interface IActorRef : ICanTell, IEquatable<IActorRef>, IComparable<IActorRef>
{
    ActorPath Path { get; }
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Identity (path + uid), ordering and printing shared by every ref.</summary>
public abstract class ActorRefBase : IActorRef
{
    public ActorPath Path { get; }

    private protected ActorRefBase(ActorPath path) => Path = path;

    public abstract void Tell(object message, IActorRef? sender);

    public bool Equals(IActorRef? other) =>
        other is not null && Path.Uid == other.Path.Uid && Path.Equals(other.Path);

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Path.Uid, Path.GetHashCode());

    public int CompareTo(IActorRef? other)
    {
        if (other is null) return 1;
        var byPath = string.CompareOrdinal(Path.ToString(), other.Path.ToString());
        return byPath != 0 ? byPath : Path.Uid.CompareTo(other.Path.Uid);
    }

    public override string ToString() => Path.Uid == 0 ? $"[{Path}]" : $"[{Path}#{Path.Uid}]";
}

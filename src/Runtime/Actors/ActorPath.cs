namespace ActorTrain.Runtime.Actors;

/// <summary>
/// The name chain of an actor from the root of its system, e.g. <c>actortrain://system/user/a/b</c>.
/// Equality ignores <see cref="Uid"/>, as in Akka: two incarnations share a path, not an identity.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    /// <summary>Incarnation id; 0 for paths that name no particular incarnation.</summary>
    public long Uid { get; }
    public Address Address { get; }
    public string Name { get; }
    /// <summary>The parent path; the root is its own parent, as in Akka.</summary>
    public ActorPath Parent => _parent ?? this;
    public int Depth { get; }

    private readonly ActorPath? _parent;
    private string? _text;

    private ActorPath(Address address, ActorPath? parent, string name, long uid)
    {
        Address = address;
        _parent = parent;
        Name = name;
        Uid = uid;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public static ActorPath RootOf(Address address) => new(address, null, "", 0);

    public ActorPath Root => _parent is null ? this : _parent.Root;

    public ActorPath Child(string name) => new(Address, this, name, 0);

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    public ActorPath WithUid(long uid) => uid == Uid ? this : new ActorPath(Address, _parent, Name, uid);

    /// <summary>Names from the root down, without the root's empty name.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var names = new string[Depth];
            for (var p = this; p._parent is not null; p = p._parent) names[p.Depth - 1] = p.Name;
            return names;
        }
    }

    public string ToStringWithoutAddress() => Depth == 0 ? "/" : "/" + string.Join('/', Elements);

    public override string ToString() => _text ??= Address + ToStringWithoutAddress();

    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Depth != other.Depth) return false;
        for (ActorPath? a = this, b = other; a is not null; a = a._parent, b = b!._parent)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a.Name != b!.Name) return false;
            if (a._parent is null) return a.Address == b.Address;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Name, Depth, Address.System);
}

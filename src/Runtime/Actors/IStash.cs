namespace ActorTrain.Runtime.Actors;

/// <summary>Set aside the current message to handle later, typically after a Become.</summary>
public interface IStash
{
    /// <summary>Stashes the message being processed, with its sender.</summary>
    void Stash();
    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();
    /// <summary>Puts all stashed messages back at the front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();
    void UnstashAll(Func<Envelope, bool> predicate);
    /// <summary>Empties the stash without redelivering, returning what it held.</summary>
    IEnumerable<Envelope> ClearStash();
}

/// <summary>An actor with an unbounded stash, injected into <see cref="Stash"/> by the kernel before the actor runs.</summary>
public interface IWithUnboundedStash
{
    IStash Stash { get; set; }
}

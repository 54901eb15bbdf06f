namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Runs mailboxes on threads. <see cref="Throughput"/> bounds how many messages one run takes, for fairness.</summary>
internal abstract class MessageDispatcher(string id, int throughput)
{
    public string Id { get; } = id;
    public int Throughput { get; } = throughput;

    public virtual void Attach(ActorCell cell) { }

    /// <summary>Called once the actor has terminated and its mailbox is closed.</summary>
    public virtual void Detach(ActorCell cell) { }

    public abstract void Execute(Mailbox mailbox);
}

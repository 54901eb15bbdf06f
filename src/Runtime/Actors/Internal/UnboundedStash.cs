namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>The stash of one actor instance; used on the actor's own turn only.</summary>
internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null) throw new InvalidOperationException("There is no message being processed to stash");
        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend([first]);
    }

    public void UnstashAll() => UnstashAll(_ => true);

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        var selected = _stashed.Where(predicate).ToList();
        _stashed.Clear();
        cell.Mailbox.Prepend(selected);
    }

    public IEnumerable<Envelope> ClearStash()
    {
        var cleared = _stashed.ToList();
        _stashed.Clear();
        return cleared;
    }
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Children: creation, lookup, and the stops a termination or restart must wait for.</summary>
internal sealed partial class ActorCell
{
    private const string NameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";

    /// <summary>Guards <see cref="_children"/>: the system creates top-level actors from outside the guardian's turn.</summary>
    private readonly Lock _childrenLock = new();
    /// <summary>A stopping child keeps its name until its termination has been processed here, as in Akka.</summary>
    private readonly Dictionary<string, ChildRestartStats> _children = [];
    /// <summary>Children this actor stopped and has not yet seen terminate; a termination or restart waits for them.</summary>
    private readonly HashSet<IActorRef> _toDie = [];
    private volatile bool _isTerminating;
    private long _nameCounter;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        var dispatcher = SystemImpl.Dispatchers.Lookup(props.Dispatcher);
        ActorCell child;
        lock (_childrenLock)
        {
            if (_isTerminating) throw new InvalidOperationException($"Cannot create children of {Self.Path}: it is terminating");
            name = name is null ? NextRandomName() : ValidName(name);
            if (_children.ContainsKey(name)) throw new InvalidActorNameException($"Actor name [{name}] is not unique!");
            var uid = Random.Shared.NextInt64(1, int.MaxValue);
            child = new ActorCell(SystemImpl, props, Self, (Self.Path / name).WithUid(uid), dispatcher);
            _children.Add(name, new ChildRestartStats(child.Self));
        }
        child.Start();
        return child.Self;
    }

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (_childrenLock) return _children.Values.Select(s => (IActorRef)s.Child).ToArray();
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock) return _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is not IInternalActorRef target) return;
        if (FindChild(actor) is not null) _toDie.Add(actor);
        target.Stop();
    }

    private ChildRestartStats? FindChild(IActorRef actor)
    {
        lock (_childrenLock)
            return _children.TryGetValue(actor.Path.Name, out var stats) && stats.Child.Equals(actor) ? stats : null;
    }

    private ChildRestartStats[] ChildStats()
    {
        lock (_childrenLock) return [.. _children.Values];
    }

    private void HandleChildTerminated(IActorRef child)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
                _children.Remove(child.Path.Name);
        }
        _toDie.Remove(child);
        if (_toDie.Count > 0 || Mailbox.IsClosed) return;
        if (_isTerminating) FinishTerminate();
        else if (_recreateCause is { } cause)
        {
            _recreateCause = null;
            FinishRecreate(cause);
        }
    }

    private void SuspendChildren(IActorRef? except)
    {
        foreach (var stats in ChildStats())
            if (!stats.Child.Equals(except)) stats.Child.SendSystemMessage(SystemMessage.Suspend.Instance);
    }

    private void ResumeChildren()
    {
        foreach (var stats in ChildStats()) stats.Child.SendSystemMessage(new SystemMessage.Resume(null));
    }

    private string NextRandomName()
    {
        var n = _nameCounter++;
        var name = new System.Text.StringBuilder("$");
        do
        {
            name.Append(NameAlphabet[(int)(n & 63)]);
            n >>= 6;
        } while (n != 0);
        return name.ToString();
    }

    private static string ValidName(string name)
    {
        const string allowedPunctuation = "-_.:@&=+,!~*'$;%";
        if (name.Length == 0 || name[0] == '$' || !name.All(c => char.IsAsciiLetterOrDigit(c) || allowedPunctuation.Contains(c)))
            throw new InvalidActorNameException($"Illegal actor name [{name}]: must be non-empty, not start with '$', and use letters, digits or {allowedPunctuation}");
        return name;
    }
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>The dispatchers of one system, by the id Props name them with.</summary>
internal sealed class Dispatchers(int throughput)
{
    public const string PinnedDispatcherId = Props.PinnedDispatcherId;
    public const string CallingThreadDispatcherId = Props.CallingThreadDispatcherId;

    private readonly ThreadPoolDispatcher _default = new(Props.DefaultDispatcherId, throughput);
    private readonly PinnedDispatcher _pinned = new(PinnedDispatcherId, throughput);
    private readonly CallingThreadDispatcher _callingThread = new(CallingThreadDispatcherId, throughput);

    public MessageDispatcher Lookup(string id) => id switch
    {
        Props.DefaultDispatcherId => _default,
        PinnedDispatcherId => _pinned,
        CallingThreadDispatcherId => _callingThread,
        _ => throw new ConfigurationException($"Dispatcher [{id}] not configured; known: {Props.DefaultDispatcherId}, {PinnedDispatcherId}, {CallingThreadDispatcherId}"),
    };
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>The dispatchers of one system, by the id Props name them with.</summary>
internal sealed class Dispatchers(int throughput)
{
    private readonly ThreadPoolDispatcher _default = new(Props.DefaultDispatcherId, throughput);
    private readonly PinnedDispatcher _pinned = new(Props.PinnedDispatcherId, throughput);
    private readonly CallingThreadDispatcher _callingThread = new(Props.CallingThreadDispatcherId, throughput);

    public MessageDispatcher Lookup(string id) => id switch
    {
        Props.DefaultDispatcherId => _default,
        Props.PinnedDispatcherId => _pinned,
        Props.CallingThreadDispatcherId => _callingThread,
        _ => throw new ConfigurationException($"Dispatcher [{id}] not configured; known: {Props.DefaultDispatcherId}, {Props.PinnedDispatcherId}, {Props.CallingThreadDispatcherId}"),
    };
}

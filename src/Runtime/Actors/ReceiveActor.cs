using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (or in a Become), tried in
/// registration order; the first whose type and predicate match handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly List<Func<object, bool>> _initial = [];
    /// <summary>Where Receive calls register: the initial list, or the list a Become is building.</summary>
    private List<Func<object, bool>> _building;

    protected ReceiveActor() => _building = _initial;

    protected sealed override bool Receive(object message) => TryHandle(_initial, message);

    protected void Receive<T>(Action<T> handler) => Receive<T>(null, handler);

    protected void Receive<T>(Predicate<T>? shouldHandle, Action<T> handler) =>
        _building.Add(message =>
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            handler(typed);
            return true;
        });

    /// <summary>
    /// An async handler: no other message is processed until its task completes; code after each await still runs on
    /// the actor's turn with the same Sender. A fault fails the actor like a synchronous throw.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Receive<T>(shouldHandle, message => ((ActorCell)Context).RunAsyncHandler(() => handler(message)));

    protected void ReceiveAny(Action<object> handler) =>
        _building.Add(message =>
        {
            handler(message);
            return true;
        });

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private Receive Build(Action configure)
    {
        var handlers = new List<Func<object, bool>>();
        var previous = _building;
        _building = handlers;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }
        return message => TryHandle(handlers, message);
    }

    private static bool TryHandle(List<Func<object, bool>> handlers, object message)
    {
        foreach (var handler in handlers)
            if (handler(message)) return true;
        return false;
    }
}

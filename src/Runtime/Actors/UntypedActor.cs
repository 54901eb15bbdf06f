namespace ActorTrain.Runtime.Actors;

/// <summary>A behaviour that handles every message it is given; call Unhandled itself for the rest.</summary>
public delegate void UntypedReceive(object message);

/// <summary>An actor with one <see cref="OnReceive"/> method.</summary>
public abstract class UntypedActor : ActorBase
{
    protected abstract void OnReceive(object message);

    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected void Become(UntypedReceive receive) => Context.Become(Wrap(receive));

    protected void BecomeStacked(UntypedReceive receive) => Context.BecomeStacked(Wrap(receive));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private static Receive Wrap(UntypedReceive receive) => message =>
    {
        receive(message);
        return true;
    };
}

using ActorTrain.Runtime.Actors.Event;
using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// The base of every actor. Instances are made by the kernel from <see cref="Props"/> (never with <c>new</c> elsewhere),
/// once at start and again on each restart; a message is processed by one turn at a time.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Current ?? throw new ActorInitializationException(
            null, $"{GetType()} must be created by ActorOf(Props), not with 'new'");
    }

    protected IActorContext Context => _cell;
    protected IActorRef Self => _cell.Self;
    /// <summary>The sender of the message being processed; read it before any await or callback, which may see another.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>Handles a message; returns false to send it to <see cref="Unhandled"/>.</summary>
    protected abstract bool Receive(object message);

    protected virtual void PreStart() { }

    protected virtual void PostStop() { }

    /// <summary>Akka's default: stop every child, then <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Akka's default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; Props.WithSupervisorStrategy takes precedence.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    /// <summary>An unhandled <see cref="Terminated"/> is a death pact: it fails this actor. Anything else is published.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    internal bool InvokeReceive(object message) => Receive(message);
    internal void InvokeUnhandled(object message) => Unhandled(message);
    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();
}

using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>The parent made by ChildActorOf: creates the child once and forwards anything it receives to the test actor.</summary>
internal sealed class TestKitParent(Props childProps, string childName, IActorRef testActor, TaskCompletionSource<IActorRef> created) : ActorBase
{
    protected override void PreStart() => created.TrySetResult(Context.ActorOf(childProps, childName));

    /// <summary>The child survives its parent's restart: there is nothing to restart it for.</summary>
    protected override void PreRestart(Exception reason, object? message) { }

    protected override void PostRestart(Exception reason) { }

    protected override bool Receive(object message)
    {
        testActor.Forward(message);
        return true;
    }
}

using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>An extra test actor with its own queue and expectations, sharing the test's system.</summary>
public sealed class TestProbe : TestKitBase
{
    internal TestProbe(ActorSystem system, string name) : base(system, name) { }

    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to <paramref name="actor"/> with this probe as sender.</summary>
    public void Send(IActorRef actor, object message) => actor.Tell(message, Ref);

    /// <summary>Answers the sender of the last message received.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Sends <paramref name="message"/> to <paramref name="actor"/> as if from the last message's sender.</summary>
    public void Forward(IActorRef actor, object message) => actor.Tell(message, LastSender);

    public override string ToString() => $"TestProbe({Ref.Path})";
}

using System.Collections.Concurrent;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>Queues every message with its sender for the test thread; watches on request.</summary>
internal sealed class TestActor(BlockingCollection<Envelope> queue) : ActorBase
{
    public sealed record WatchRequest(IActorRef Subject) : INoSerializationVerificationNeeded;

    public sealed record UnwatchRequest(IActorRef Subject) : INoSerializationVerificationNeeded;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Subject);
                break;
            case UnwatchRequest unwatch:
                Context.Unwatch(unwatch.Subject);
                break;
            default:
                queue.Add(new Envelope(message, Sender));
                break;
        }
        return true;
    }
}

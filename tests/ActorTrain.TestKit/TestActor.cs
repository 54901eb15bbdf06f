using System.Collections.Concurrent;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>Queues every message with its sender for the test thread; watches on request.</summary>
internal sealed class TestActor(BlockingCollection<Envelope> queue) : ActorBase
{
    /// <summary>Completes <paramref name="Done"/> once the watch is in place, so a stop right after Watch is seen as such.</summary>
    public sealed record WatchRequest(IActorRef Subject, TaskCompletionSource Done) : INoSerializationVerificationNeeded;

    public sealed record UnwatchRequest(IActorRef Subject) : INoSerializationVerificationNeeded;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Subject);
                watch.Done.TrySetResult();
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

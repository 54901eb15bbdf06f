using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors.Event;

/// <summary>
/// Publish-subscribe within one system, classified by type: a subscriber to a type gets every event assignable to it,
/// once per event however many of its channels match.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _gate = new();
    /// <summary>Copy-on-write, so Publish reads a snapshot without locking.</summary>
    private volatile Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        lock (_gate)
        {
            var current = _subscriptions;
            if (current.Any(s => s.Subscriber.Equals(subscriber) && s.Channel == channel)) return false;
            _subscriptions = [.. current, new Subscription(subscriber, channel)];
            return true;
        }
    }

    public bool Unsubscribe(IActorRef subscriber, Type channel) => Remove(s => s.Subscriber.Equals(subscriber) && s.Channel == channel);

    public bool Unsubscribe(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber));

    public void Publish(object @event)
    {
        var subscriptions = _subscriptions;
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var s = subscriptions[i];
            if (!s.Channel.IsInstanceOfType(@event) || DeliveredEarlier(subscriptions, i, @event)) continue;
            // Akka unsubscribes subscribers when they terminate; here they are dropped at the next event.
            if (s.Subscriber is IInternalActorRef { IsTerminated: true }) Unsubscribe(s.Subscriber);
            else s.Subscriber.Tell(@event, ActorRefs.NoSender);
        }
    }

    private static bool DeliveredEarlier(Subscription[] subscriptions, int index, object @event)
    {
        for (var j = 0; j < index; j++)
            if (subscriptions[j].Subscriber.Equals(subscriptions[index].Subscriber) && subscriptions[j].Channel.IsInstanceOfType(@event))
                return true;
        return false;
    }

    private bool Remove(Func<Subscription, bool> match)
    {
        lock (_gate)
        {
            var current = _subscriptions;
            var kept = current.Where(s => !match(s)).ToArray();
            _subscriptions = kept;
            return kept.Length != current.Length;
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}

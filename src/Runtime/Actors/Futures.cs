using System.Runtime.ExceptionServices;
using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>Request-reply from outside or inside actors, through a temporary reply ref.</summary>
public static class Futures
{
    public static Task<object?> Ask(this ICanTell self, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        self.Ask<object?>(message, timeout, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary ref as sender and completes with the first reply. A
    /// <see cref="Status.Failure"/> reply faults the task with its cause; no reply within <paramref name="timeout"/>
    /// faults it with <see cref="AskTimeoutException"/> (null: wait without limit, as in Akka); a reply of another type
    /// faults it with <see cref="InvalidCastException"/>.
    /// </summary>
    public static async Task<T> Ask<T>(this ICanTell self, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var target = self as IActorRef;
        var system = (self as LocalActorRef)?.Cell.SystemImpl;
        var root = target?.Path.Root ?? ActorPath.RootOf(new Address(Address.DefaultProtocol, "ask"));
        var promise = new PromiseActorRef(root, system, timeout ?? Timeout.InfiniteTimeSpan, message, target ?? ActorRefs.Nobody);
        await using var registration = cancellationToken.Register(() => promise.Cancel(cancellationToken));
        self.Tell(message, promise);
        var reply = await promise.Task.ConfigureAwait(false);
        switch (reply)
        {
            case Status.Failure failure:
                ExceptionDispatchInfo.Throw(failure.Cause);
                return default!;
            case T typed:
                return typed;
            case null when default(T) is null:
                return default!;
            default:
                throw new InvalidCastException($"Ask expected a reply of type {typeof(T)} but got {reply?.GetType().ToString() ?? "null"}");
        }
    }
}

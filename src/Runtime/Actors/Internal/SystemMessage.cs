namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// Lifecycle, supervision and death-watch messages. They travel in a mailbox's own queue and are processed ahead of
/// user messages, even while the actor is suspended.
/// </summary>
internal abstract record SystemMessage
{
    public sealed record Create : SystemMessage { public static readonly Create Instance = new(); }

    public sealed record Recreate(Exception Cause) : SystemMessage;

    public sealed record Suspend : SystemMessage { public static readonly Suspend Instance = new(); }

    /// <summary><paramref name="CausedByFailure"/> is set when a supervisor resumes a failed child.</summary>
    public sealed record Resume(Exception? CausedByFailure) : SystemMessage;

    public sealed record Terminate : SystemMessage { public static readonly Terminate Instance = new(); }

    public sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

    public sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

    public sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;

    public sealed record Failed(IActorRef Child, Exception Cause, long Uid) : SystemMessage;

    /// <summary>A piece (start or continuation) of an async handler, to run on the actor's turn with its message's context.</summary>
    public sealed record ExecuteTask(ActorTaskScheduler Scheduler, Task Task) : SystemMessage;

    /// <summary>An async handler finished: user messages may flow again; a fault fails the actor.</summary>
    public sealed record AsyncHandlerCompleted(Envelope Envelope, Exception? Failure) : SystemMessage;
}

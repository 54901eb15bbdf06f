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
}

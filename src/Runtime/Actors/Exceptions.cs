namespace ActorTrain.Runtime.Actors;

/// <summary>An actor failed in its constructor, PreStart or PostRestart. The default decider stops it.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? cause = null)
    : Exception(message, cause)
{
    public IActorRef? Actor { get; } = actor;
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>. The default decider stops it.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor received <see cref="Terminated"/> for a watched actor and did not handle it. The default decider stops it.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Monitored actor [{deadActor}] terminated")
{
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : Exception(message);

/// <summary>An actor name is empty, malformed, reserved or already taken by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);

/// <summary>A dispatcher, mailbox or setting named in Props or settings does not exist.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

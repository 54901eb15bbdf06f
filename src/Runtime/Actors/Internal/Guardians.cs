namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// The root guardian "/": parent of /user and /system. It stops once /system has, which happens once /user has, so
/// system actors (loggers, test actors) outlive every user actor during shutdown.
/// </summary>
internal sealed class RootGuardianActor : ActorBase
{
    protected override void PreStart() => Context.Watch(Context.Child("system"));

    protected override bool Receive(object message)
    {
        if (message is not Terminated) return false;
        Context.Stop(Self);
        return true;
    }

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}

/// <summary>/user: parent of every actor made by ActorSystem.ActorOf, with the default strategy.</summary>
internal sealed class UserGuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}

/// <summary>/system: parent of the kernel's own actors; stops itself after /user has stopped.</summary>
internal sealed class SystemGuardianActor(IActorRef userGuardian) : ActorBase
{
    protected override void PreStart() => Context.Watch(userGuardian);

    protected override bool Receive(object message)
    {
        if (message is not Terminated) return false;
        Context.Stop(Self);
        return true;
    }
}

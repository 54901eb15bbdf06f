using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors.Event;

public static class Logging
{
    /// <summary>A logger whose source is the actor's path.</summary>
    public static ILoggingAdapter GetLogger(this IActorContext context) =>
        new BusLogging(context.System, context.Self.Path.ToString(), (context as ActorCell)?.Props.Type ?? typeof(ActorBase));
}

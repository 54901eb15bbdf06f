namespace ActorTrain.Runtime.Actors;

public static class ActorRefs
{
    /// <summary>The ref that stands for "nobody" (e.g. a missing child); messages to it are dropped.</summary>
    public static readonly Nobody Nobody = Nobody.Instance;

    /// <summary>No sender: replies to it go to dead letters. Null, as in Akka.NET.</summary>
    public static readonly IActorRef? NoSender = null;
}

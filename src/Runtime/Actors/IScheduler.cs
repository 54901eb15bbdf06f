namespace ActorTrain.Runtime.Actors;

/// <summary>Sends messages later or periodically. Everything scheduled is cancelled when the system terminates.</summary>
public interface IScheduler
{
    /// <summary>Time since an arbitrary start, never going backwards.</summary>
    TimeSpan MonotonicClock { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender);
}

/// <summary>Akka.NET's names for the cancelable forms, so code written against either API reads the same.</summary>
public static class SchedulerExtensions
{
    public static ICancelable ScheduleTellOnceCancelable(this IScheduler scheduler, TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        scheduler.ScheduleTellOnce(delay, receiver, message, sender);

    public static ICancelable ScheduleTellRepeatedlyCancelable(this IScheduler scheduler, TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender) =>
        scheduler.ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender);
}

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// Keyed timers that send messages to Self. Starting a timer under a used key replaces it; a cancelled or replaced timer's
/// message is never delivered, even if already queued. All timers are cancelled when the actor restarts or stops.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);
    void StartPeriodicTimer(object key, object message, TimeSpan interval);
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);
    bool IsTimerActive(object key);
    void Cancel(object key);
    void CancelAll();
}

/// <summary>An actor with timers, injected into <see cref="Timers"/> by the kernel before the actor runs.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}

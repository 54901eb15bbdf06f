namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// Timers of one actor. Each start gets a new generation; a message whose generation is no longer current (cancelled,
/// replaced, or from before a restart) is dropped when it arrives. Used on the actor's own turn only.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, ActiveTimer> _timers = [];
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan timeout) =>
        Start(key, message, timeout, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer)) timer.Task.Cancel();
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values) timer.Task.Cancel();
        _timers.Clear();
    }

    /// <summary>The payload to deliver, or null when the timer message is stale.</summary>
    public object? Take(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation) return null;
        if (!timer.Repeat) _timers.Remove(message.Key);
        return timer.Message;
    }

    private void Start(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        Cancel(key);
        var generation = ++_generation;
        var envelope = new TimerMessage(key, generation);
        var scheduler = cell.System.Scheduler;
        var repeat = interval != Timeout.InfiniteTimeSpan;
        var task = repeat
            ? scheduler.ScheduleTellRepeatedly(initialDelay, interval, cell.Self, envelope, ActorRefs.NoSender)
            : scheduler.ScheduleTellOnce(initialDelay, cell.Self, envelope, ActorRefs.NoSender);
        _timers[key] = new ActiveTimer(message, repeat, generation, task);
    }

    private sealed record ActiveTimer(object Message, bool Repeat, int Generation, ICancelable Task);

    /// <summary>What the scheduler actually sends; the payload stays here, so a stale one cannot leak out.</summary>
    public sealed record TimerMessage(object Key, int Generation) : IAutoReceivedMessage, INoSerializationVerificationNeeded;
}

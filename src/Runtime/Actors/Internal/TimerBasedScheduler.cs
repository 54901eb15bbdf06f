using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// One <see cref="System.Threading.Timer"/> per scheduled send: the runtime's timer queue already does the bucketing
/// a hashed wheel would, and the number of live timers in this system is small.
/// </summary>
internal sealed class TimerBasedScheduler : IScheduler, IDisposable
{
    private readonly ConcurrentDictionary<ScheduledTell, byte> _pending = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private volatile bool _disposed;

    public TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(_start);

    public ICancelable ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "must be positive");
        return Schedule(initialDelay, interval, receiver, message, sender);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var scheduled in _pending.Keys) scheduled.Cancel();
    }

    private ScheduledTell Schedule(TimeSpan delay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        var scheduled = new ScheduledTell(this, receiver, message, sender);
        if (_disposed)
        {
            scheduled.Cancel();
            return scheduled;
        }
        _pending[scheduled] = 0;
        scheduled.Arm(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, interval);
        return scheduled;
    }

    private sealed class ScheduledTell(TimerBasedScheduler owner, ICanTell receiver, object message, IActorRef? sender) : ICancelable
    {
        private readonly Lock _gate = new();
        private Timer? _timer;
        private bool _repeat;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Arm(TimeSpan delay, TimeSpan interval)
        {
            _repeat = interval != Timeout.InfiniteTimeSpan;
            lock (_gate) _timer = new Timer(static s => ((ScheduledTell)s!).Fire(), this, delay, interval);
            if (_cancelled) Cancel();
        }

        public void Cancel()
        {
            _cancelled = true;
            lock (_gate) _timer?.Dispose();
            owner._pending.TryRemove(this, out _);
        }

        private void Fire()
        {
            if (_cancelled) return;
            receiver.Tell(message, sender);
            if (!_repeat)
            {
                lock (_gate) _timer?.Dispose();
                owner._pending.TryRemove(this, out _);
            }
        }
    }
}

using System.Collections.Concurrent;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// An actor's two queues and its scheduling state. User messages go to a lock-free queue; at most one thread runs the
/// mailbox at a time, guarded by the <see cref="Scheduled"/> bit. A run handles all system messages first, then up to
/// <c>throughput</c> user messages, handling system messages again after each one.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Scheduled = 1;
    private const int Closed = 2;
    private const int SuspendUnit = 4;

    private readonly ConcurrentQueue<Envelope> _messages = new();
    /// <summary>Unstashed messages, which go ahead of the queue. Touched on the actor's thread only.</summary>
    private readonly LinkedList<Envelope> _prepended = new();
    private volatile int _prependedCount;
    /// <summary>System messages are rare: a lock keeps enqueue-versus-close exact, so a late Watch is never lost.</summary>
    private readonly Queue<SystemMessage> _system = new();
    private volatile bool _hasSystemMessages;
    /// <summary>Scheduled and Closed bits plus a suspend count in units of <see cref="SuspendUnit"/>.</summary>
    private int _status;

    private readonly ActorCell _cell;
    private readonly MessageDispatcher _dispatcher;
    private readonly bool _lazyWakeups; // Props.LazyWakeupMailboxId: a message that may wait does not schedule the actor

    public Mailbox(ActorCell cell, MessageDispatcher dispatcher, bool lazyWakeups = false)
    {
        _cell = cell;
        _dispatcher = dispatcher;
        _lazyWakeups = lazyWakeups;
    }

    public MessageDispatcher Dispatcher => _dispatcher;
    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    public void Post(in Envelope envelope)
    {
        if (IsClosed)
        {
            _cell.SystemImpl.DeadLetter(envelope.Message, envelope.Sender, _cell.Self);
            return;
        }
        _messages.Enqueue(envelope);
        // Closed between the check and the enqueue: nobody will run this queue again, so hand it to dead letters here.
        if (IsClosed) DrainToDeadLetters();
        // A message that may wait stays queued until the actor runs for another one (a run in progress ends by checking
        // the queue again, so it is not left behind then either).
        else if (!(_lazyWakeups && envelope.Message is IMayWaitForWakeup { MayWait: true })) TrySchedule();
    }

    /// <summary>Queues a system message; false when the mailbox is closed (the caller then treats the actor as dead).</summary>
    public bool PostSystem(SystemMessage message, bool schedule = true)
    {
        lock (_system)
        {
            if (IsClosed) return false;
            _system.Enqueue(message);
            _hasSystemMessages = true;
        }
        if (schedule) TrySchedule();
        return true;
    }

    public void Schedule() => TrySchedule();

    public void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    public void Resume()
    {
        var s = Volatile.Read(ref _status);
        while (s >= SuspendUnit)
        {
            var seen = Interlocked.CompareExchange(ref _status, s - SuspendUnit, s);
            if (seen == s) return;
            s = seen;
        }
    }

    /// <summary>Closes for good: later messages become dead letters, late Watch requests learn the actor is gone.</summary>
    public void Close()
    {
        List<SystemMessage> orphans;
        lock (_system)
        {
            Interlocked.Or(ref _status, Closed);
            orphans = [.. _system];
            _system.Clear();
            _hasSystemMessages = false;
        }
        foreach (var orphan in orphans) _cell.SystemImpl.DeadSystemMessage(orphan, _cell.Self);
        while (_prepended.First is { } node)
        {
            _prepended.RemoveFirst();
            _cell.SystemImpl.DeadLetter(node.Value.Message, node.Value.Sender, _cell.Self);
        }
        _prependedCount = 0;
        DrainToDeadLetters();
    }

    /// <summary>Puts messages ahead of the queue, in the given order (used by the stash).</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        for (var i = envelopes.Count - 1; i >= 0; i--) _prepended.AddFirst(envelopes[i]);
        _prependedCount = _prepended.Count;
    }

    void IThreadPoolWorkItem.Execute() => Run();

    public void Run()
    {
        try
        {
            if (!IsClosed)
            {
                ProcessAllSystemMessages();
                ProcessMessages();
            }
        }
        finally
        {
            Interlocked.And(ref _status, ~Scheduled);
            // A sender that found us scheduled relied on this re-check to get its message run.
            TrySchedule();
        }
    }

    private void TrySchedule()
    {
        var s = Volatile.Read(ref _status);
        while ((s & (Scheduled | Closed)) == 0)
        {
            var runnable = _hasSystemMessages || (s < SuspendUnit && (!_messages.IsEmpty || _prependedCount > 0));
            if (!runnable) return;
            var seen = Interlocked.CompareExchange(ref _status, s | Scheduled, s);
            if (seen == s)
            {
                _dispatcher.Execute(this);
                return;
            }
            s = seen;
        }
    }

    private void ProcessMessages()
    {
        var left = _dispatcher.Throughput;
        // Any bit but Scheduled (closed or suspended) stops user messages.
        while ((Volatile.Read(ref _status) & ~Scheduled) == 0 && TryDequeue(out var envelope))
        {
            _cell.Invoke(envelope);
            if (_hasSystemMessages) ProcessAllSystemMessages();
            if (--left == 0) return;
        }
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_prependedCount > 0)
        {
            envelope = _prepended.First!.Value;
            _prepended.RemoveFirst();
            _prependedCount = _prepended.Count;
            return true;
        }
        return _messages.TryDequeue(out envelope);
    }

    private void ProcessAllSystemMessages()
    {
        while (_hasSystemMessages && !IsClosed)
        {
            SystemMessage message;
            lock (_system)
            {
                if (!_system.TryDequeue(out message!))
                {
                    _hasSystemMessages = false;
                    return;
                }
                _hasSystemMessages = _system.Count > 0;
            }
            _cell.SystemInvoke(message);
        }
    }

    private void DrainToDeadLetters()
    {
        while (_messages.TryDequeue(out var envelope))
            _cell.SystemImpl.DeadLetter(envelope.Message, envelope.Sender, _cell.Self);
    }
}

using ActorTrain.Runtime.Actors.Event;
using ActorTrain.Runtime.Actors.Internal;
using Microsoft.Extensions.Logging;

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// A hierarchy of actors under one name: root guardian "/", user guardian "/user" (parent of what <see cref="ActorOf"/>
/// makes) and system guardian "/system". Terminating stops /user first, then /system, then the root.
/// </summary>
public sealed class ActorSystem : IDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimerBasedScheduler _scheduler = new();
    private readonly ILogger _logger;
    private readonly LocalActorRef _rootGuardian;
    private readonly LocalActorRef _userGuardian;
    private readonly LocalActorRef _systemGuardian;
    private volatile Func<object, bool>[] _eventFilters = [];
    private readonly Lock _filtersGate = new();
    private int _deadLettersLogged;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        _logger = settings.LoggerFactory.CreateLogger("ActorTrain.Actors");
        Dispatchers = new Dispatchers(settings.Throughput);
        var root = ActorPath.RootOf(new Address(Address.DefaultProtocol, name));
        DeadLetters = new DeadLetterActorRef(root / "deadLetters", this);
        Log = new BusLogging(this, $"ActorSystem({name})", typeof(ActorSystem));

        var rootCell = new ActorCell(this, Props.Create(() => new RootGuardianActor()).WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy),
            new RootSupervisor(root / "bubble-walker", this), root.WithUid(1), Dispatchers.Lookup(Props.DefaultDispatcherId));
        _rootGuardian = rootCell.Self;
        _userGuardian = (LocalActorRef)rootCell.ActorOf(Props.Create(() => new UserGuardianActor()), "user");
        var userGuardian = _userGuardian;
        _systemGuardian = (LocalActorRef)rootCell.ActorOf(Props.Create(() => new SystemGuardianActor(userGuardian)), "system");
        rootCell.Start();
    }

    public string Name { get; }
    public ActorSystemSettings Settings { get; }
    public EventStream EventStream { get; } = new();
    public IActorRef DeadLetters { get; }
    public IScheduler Scheduler => _scheduler;
    public ILoggingAdapter Log { get; }
    /// <summary>Completes once every actor, guardians included, has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal Dispatchers Dispatchers { get; }

    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"Invalid ActorSystem name [{name}]: use letters, digits, '-' and '_', starting with a letter or digit", nameof(name));
        settings ??= new ActorSystemSettings();
        settings.Validate();
        return new ActorSystem(name, settings);
    }

    /// <summary>Creates a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.ActorOf(props, name);

    /// <summary>Stops an actor after its current message.</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is IInternalActorRef target) target.Stop();
    }

    /// <summary>Stops all actors; the task completes with <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        _userGuardian.Stop();
        return WhenTerminated;
    }

    public void Dispose()
    {
        if (!Terminate().Wait(TimeSpan.FromSeconds(10)))
            _logger.LogWarning("ActorSystem {Name} did not terminate within 10 s", Name);
    }

    public override string ToString() => $"ActorSystem({Name})";

    /// <summary>Creates a kernel or test actor under /system.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.Cell.ActorOf(props, name);

    internal bool IsLogEnabled(LogLevel level) => level >= Settings.LogLevel;

    /// <summary>Publishes on the event stream, and writes to the ILogger unless an event filter (TestKit) swallows it.</summary>
    internal void PublishLog(LogEvent logEvent)
    {
        if (!IsLogEnabled(logEvent.Level)) return;
        EventStream.Publish(logEvent);
        if (IsFiltered(logEvent)) return;
        _logger.Log(logEvent.Level, 0, logEvent.Message, logEvent is Error e ? e.Cause : null,
            (message, _) => $"[{logEvent.LogSource}] {message}");
    }

    /// <summary>An undeliverable event (e.g. a dead letter told to a stopped subscriber) is dropped, so it cannot cascade.</summary>
    internal void DeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is Event.DeadLetter or LogEvent or UnhandledMessage) return;
        PublishDeadLetter(new DeadLetter(message, sender ?? DeadLetters, recipient));
    }

    internal void PublishDeadLetter(DeadLetter deadLetter)
    {
        EventStream.Publish(deadLetter);
        if (IsFiltered(deadLetter) || Interlocked.Increment(ref _deadLettersLogged) > Settings.LogDeadLetters) return;
        _logger.LogInformation("Message [{Type}] from {Sender} to {Recipient} was not delivered (dead letter)",
            deadLetter.Message.GetType().Name, deadLetter.Sender, deadLetter.Recipient);
    }

    /// <summary>A system message to a stopped actor: a Watch is answered at once, so watching the dead still yields Terminated.</summary>
    internal void DeadSystemMessage(SystemMessage message, IActorRef recipient)
    {
        if (message is SystemMessage.Watch watch && watch.Watchee.Equals(recipient) && !watch.Watcher.Equals(recipient))
            watch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
    }

    internal IDisposable AddEventFilter(Func<object, bool> filter)
    {
        lock (_filtersGate) _eventFilters = [.. _eventFilters, filter];
        return new FilterRegistration(this, filter);
    }

    internal void OnRootTerminated()
    {
        _scheduler.Dispose();
        _terminated.TrySetResult();
    }

    private bool IsFiltered(object @event)
    {
        var filtered = false;
        // Every filter sees the event, so each can count it.
        foreach (var filter in _eventFilters) filtered |= filter(@event);
        return filtered;
    }

    private sealed class FilterRegistration(ActorSystem system, Func<object, bool> filter) : IDisposable
    {
        public void Dispose()
        {
            lock (system._filtersGate) system._eventFilters = system._eventFilters.Where(f => f != filter).ToArray();
        }
    }
}

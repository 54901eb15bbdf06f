using ActorTrain.Runtime.Actors.Event;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// The runtime side of one actor: its instance, behaviour stack, mailbox, children, watchers and failure state.
/// Every method that is not thread-safe by design runs on the actor's own turn (a mailbox run), one at a time.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_current;

    /// <summary>The cell whose turn runs on this thread, if any: gives ActorBase its context and Tell its implicit sender.</summary>
    public static ActorCell? Current => t_current;

    private readonly IInternalActorRef _parent;
    /// <summary>Behaviour stack; the top is the last element.</summary>
    private readonly List<Receive> _behaviors = [];
    private ActorBase? _actor;
    private Envelope _current;
    private SupervisorStrategy? _actorStrategy;
    private TimerScheduler? _timers;
    private UnboundedStash? _stash;

    public ActorCell(ActorSystem system, Props props, IInternalActorRef parent, ActorPath path, MessageDispatcher dispatcher)
    {
        SystemImpl = system;
        Props = props;
        _parent = parent;
        Self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, dispatcher, lazyWakeups: props.Mailbox == Props.LazyWakeupMailboxId);
        // Queued before anyone can see the ref, so Create is always the first message processed.
        Mailbox.PostSystem(SystemMessage.Create.Instance, schedule: false);
    }

    public ActorSystem SystemImpl { get; }
    public Mailbox Mailbox { get; }
    public LocalActorRef Self { get; }
    public Props Props { get; }
    public IInternalActorRef ParentRef => _parent;

    IActorRef IActorContext.Self => Self;
    public IActorRef Sender => _current.Sender ?? SystemImpl.DeadLetters;
    public IActorRef Parent => _parent;
    public ActorSystem System => SystemImpl;

    public void Start()
    {
        Mailbox.Dispatcher.Attach(this);
        Mailbox.Schedule();
    }

    public void SendMessage(object message, IActorRef? sender)
    {
        if (SystemImpl.Settings.SerializeMessages && message is not INoSerializationVerificationNeeded)
            message = SystemImpl.Settings.MessageRoundTrip!(message);
        Mailbox.Post(new Envelope(message, sender));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (!Mailbox.PostSystem(message)) SystemImpl.DeadSystemMessage(message, Self);
    }

    public void Invoke(Envelope envelope)
    {
        var previous = t_current;
        t_current = this;
        _current = envelope;
        try
        {
            Dispatch(envelope.Message);
        }
        catch (Exception cause)
        {
            HandleInvokeFailure(cause);
        }
        finally
        {
            _current = default;
            t_current = previous;
        }
    }

    public void SystemInvoke(SystemMessage message)
    {
        var previous = t_current;
        t_current = this;
        try
        {
            switch (message)
            {
                case SystemMessage.Create: Create(); break;
                case SystemMessage.Recreate recreate: FaultRecreate(recreate.Cause); break;
                case SystemMessage.Suspend: FaultSuspend(); break;
                case SystemMessage.Resume resume: FaultResume(resume.CausedByFailure); break;
                case SystemMessage.Terminate: Terminate(); break;
                case SystemMessage.Watch watch: AddWatcher(watch); break;
                case SystemMessage.Unwatch unwatch: RemoveWatcher(unwatch); break;
                case SystemMessage.DeathWatchNotification notification: WatchedActorTerminated(notification); break;
                case SystemMessage.Failed failed: HandleFailed(failed); break;
                case SystemMessage.ExecuteTask execute: RunTaskPiece(execute); break;
                case SystemMessage.AsyncHandlerCompleted completed: FinishAsyncHandler(completed); break;
            }
        }
        catch (Exception cause)
        {
            HandleInvokeFailure(cause);
        }
        finally
        {
            t_current = previous;
        }
    }

    private void Dispatch(object message)
    {
        switch (message)
        {
            case not IAutoReceivedMessage:
                ReceiveMessage(message);
                break;
            case Terminated terminated:
                // Dropped when Unwatch came after the notification was queued.
                if (_terminatedQueued.Remove(terminated.ActorRef)) ReceiveMessage(terminated);
                break;
            case PoisonPill:
                Self.Stop();
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            case TimerScheduler.TimerMessage timer:
                if (_timers?.Take(timer) is { } payload)
                {
                    _current = new Envelope(payload, null);
                    Dispatch(payload);
                }
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    private void ReceiveMessage(object message)
    {
        if (_actor is null)
        {
            SystemImpl.DeadLetter(message, _current.Sender, Self);
            return;
        }
        if (!_behaviors[^1](message)) _actor.InvokeUnhandled(message);
    }

    public void Become(Receive receive)
    {
        if (_behaviors.Count > 0) _behaviors.RemoveAt(_behaviors.Count - 1);
        _behaviors.Add(receive);
    }

    public void BecomeStacked(Receive receive) => _behaviors.Add(receive);

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1) _behaviors.RemoveAt(_behaviors.Count - 1);
        else if (_actor is not null) _behaviors[0] = _actor.InvokeReceive;
    }

    public Envelope CurrentEnvelope => _current;

    /// <summary>
    /// Runs an async handler as Akka.NET's ReceiveAsync does: user messages wait until it completes, and each piece of it
    /// (start and every continuation) runs on the actor's turn, with Sender still that of the message.
    /// </summary>
    public void RunAsyncHandler(Func<Task> handler)
    {
        var envelope = _current;
        Mailbox.Suspend();
        var scheduler = new ActorTaskScheduler(this, envelope);
        Task.Factory.StartNew(handler, CancellationToken.None, TaskCreationOptions.None, scheduler)
            .Unwrap()
            .ContinueWith(
                t => SendSystemMessage(new SystemMessage.AsyncHandlerCompleted(envelope, t.Exception?.InnerException)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RunTaskPiece(SystemMessage.ExecuteTask execute)
    {
        _current = execute.Scheduler.Envelope;
        try
        {
            execute.Scheduler.Execute(execute.Task);
        }
        finally
        {
            _current = default;
        }
    }

    private void FinishAsyncHandler(SystemMessage.AsyncHandlerCompleted completed)
    {
        Mailbox.Resume();
        if (completed.Failure is null) return;
        _current = completed.Envelope;
        try
        {
            HandleInvokeFailure(completed.Failure);
        }
        finally
        {
            _current = default;
        }
    }

    private ActorBase NewActor()
    {
        _behaviors.Clear();
        var previous = t_current;
        t_current = this;
        ActorBase actor;
        try
        {
            actor = Props.NewActor();
        }
        finally
        {
            t_current = previous;
        }
        _actor = actor;
        _actorStrategy = null;
        if (actor is IWithUnboundedStash withStash) withStash.Stash = _stash = new UnboundedStash(this);
        if (actor is IWithTimers withTimers) withTimers.Timers = _timers ??= new TimerScheduler(this);
        _behaviors.Add(actor.InvokeReceive);
        return actor;
    }

    private void Create()
    {
        try
        {
            NewActor().InvokePreStart();
        }
        catch (Exception cause)
        {
            ClearActor();
            throw new ActorInitializationException(Self, $"Exception during creation of {Self}", Props.Unwrap(cause));
        }
    }

    private void ClearActor()
    {
        _actor = null;
        _actorStrategy = null;
        _stash = null;
        _behaviors.Clear();
    }

    private SupervisorStrategy CurrentStrategy =>
        Props.SupervisorStrategy ?? (_actorStrategy ??= _actor?.InvokeSupervisorStrategy()) ?? SupervisorStrategy.DefaultStrategy;

    private void PublishError(Exception cause, string message) =>
        SystemImpl.PublishLog(new Error(cause, Self.Path.ToString(), _actor?.GetType() ?? typeof(ActorCell), message));
}

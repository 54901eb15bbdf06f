using ActorTrain.Runtime.Actors.Event;
using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// How a parent treats a failed child. A decider picks a directive; Restart is granted only while the child stays within
/// <see cref="MaxNumberOfRetries"/> restarts in <see cref="WithinTimeRangeMilliseconds"/>, otherwise the child is stopped.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Akka's default: initialisation failures, Kill and death pacts stop the child; any other exception restarts it.</summary>
    public static readonly IDecider DefaultDecider = Actors.Decider.From(cause => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    });

    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(_ => Directive.Stop);

    public IDecider Decider { get; }
    /// <summary>-1: unlimited.</summary>
    public int MaxNumberOfRetries { get; }
    /// <summary>-1: no window (count over the child's whole life).</summary>
    public int WithinTimeRangeMilliseconds { get; }
    public bool LoggingEnabled { get; }

    private protected SupervisorStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider, bool loggingEnabled)
    {
        Decider = decider;
        MaxNumberOfRetries = maxNrOfRetries ?? -1;
        WithinTimeRangeMilliseconds = withinTimeRange is { } w && w != Timeout.InfiniteTimeSpan ? (int)w.TotalMilliseconds : -1;
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Applies the directive for a non-escalated failure to the child (and, for all-for-one, its siblings).</summary>
    private protected abstract void ProcessFailure(ActorCell context, bool restart, ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children);

    /// <summary>False when the failure must escalate to the supervisor's own parent.</summary>
    internal bool HandleFailure(ActorCell context, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        var directive = Decider.Decide(cause);
        LogFailure(context, failed.Child, cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                ((IInternalActorRef)failed.Child).SendSystemMessage(new SystemMessage.Resume(cause));
                return true;
            case Directive.Restart:
                ProcessFailure(context, restart: true, failed, children);
                return true;
            case Directive.Stop:
                ProcessFailure(context, restart: false, failed, children);
                return true;
            default:
                return false;
        }
    }

    private protected bool RequestRestartPermission(ChildRestartStats stats) =>
        stats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRangeMilliseconds);

    /// <summary>Siblings restarted alongside a failed child are suspended first, so their restart's resume stays balanced.</summary>
    private protected static void RestartChild(IActorRef child, Exception cause, bool suspendFirst)
    {
        var target = (IInternalActorRef)child;
        if (suspendFirst) target.SendSystemMessage(SystemMessage.Suspend.Instance);
        target.SendSystemMessage(new SystemMessage.Recreate(cause));
    }

    private void LogFailure(ActorCell context, IActorRef child, Exception cause, Directive directive)
    {
        if (!LoggingEnabled || directive == Directive.Escalate) return;
        var text = cause is ActorInitializationException { InnerException: { } inner } ? inner.Message : cause.Message;
        var source = child.Path.ToString();
        LogEvent logEvent = directive == Directive.Resume
            ? new Warning(source, GetType(), $"{text} (resumed)")
            : new Error(cause, source, GetType(), text);
        context.SystemImpl.PublishLog(logEvent);
    }
}

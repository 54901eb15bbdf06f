using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    public OneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> localOnlyDecider, bool loggingEnabled = true)
        : this(maxNrOfRetries, withinTimeRange, Actors.Decider.From(localOnlyDecider), loggingEnabled) { }

    public OneForOneStrategy(Func<Exception, Directive> localOnlyDecider) : this(null, null, localOnlyDecider) { }

    public OneForOneStrategy(IDecider decider) : this(null, null, decider) { }

    private protected override void ProcessFailure(ActorCell context, bool restart, ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children)
    {
        if (restart && RequestRestartPermission(failed)) RestartChild(failed.Child, failed.LastCause!, suspendFirst: false);
        else context.Stop(failed.Child);
    }
}

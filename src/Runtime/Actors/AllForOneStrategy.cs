using ActorTrain.Runtime.Actors.Internal;

namespace ActorTrain.Runtime.Actors;

/// <summary>Applies Restart and Stop to every child of the supervisor, Resume to the failed child only.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    public AllForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> localOnlyDecider, bool loggingEnabled = true)
        : this(maxNrOfRetries, withinTimeRange, Actors.Decider.From(localOnlyDecider), loggingEnabled) { }

    public AllForOneStrategy(Func<Exception, Directive> localOnlyDecider) : this(null, null, localOnlyDecider) { }

    public AllForOneStrategy(IDecider decider) : this(null, null, decider) { }

    private protected override void ProcessFailure(ActorCell context, bool restart, ChildRestartStats failed, IReadOnlyList<ChildRestartStats> children)
    {
        // Every child must have budget left, else all of them stop: a restart of some but not all would break the "all" contract.
        if (restart && children.All(RequestRestartPermission))
        {
            foreach (var stats in children)
                RestartChild(stats.Child, failed.LastCause!, suspendFirst: !stats.Child.Equals(failed.Child));
        }
        else
        {
            foreach (var stats in children) context.Stop(stats.Child);
        }
    }
}

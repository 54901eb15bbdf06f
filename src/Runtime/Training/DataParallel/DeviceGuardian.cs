using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// The node's guardian of its device workers: restarts a worker that throws, up to a budget within a time window, and
/// stops it for good beyond that (the coordinator, which watches every worker, then re-plans without it).
/// Workers run on the pinned dispatcher, since they block in native compute.
/// </summary>
public sealed class DeviceGuardian : ReceiveActor
{
    /// <summary>Reply to <see cref="CreateWorkers"/>; local only (it carries actor references).</summary>
    public sealed record WorkersCreated(IActorRef[] Workers) : INoSerializationVerificationNeeded;

    /// <summary>Asks the guardian to start one worker per device. Local only.</summary>
    /// <param name="State">the layer state (batch-norm running statistics) replicas start from: the seed's, or a resumed run's.</param>
    /// <param name="Shared">sync: the parameters the shards of this process update in place (see <see cref="SharedParameters"/>).</param>
    public sealed record CreateWorkers(IActorRef Coordinator, IActorRef[] Shards, IActorRef? Reducer, RunCounters? Counters, float[] State,
        SharedParameters? Shared = null) : INoSerializationVerificationNeeded;

    private readonly DataParallelSetup _setup;

    public DeviceGuardian(DataParallelSetup setup)
    {
        _setup = setup;
        Receive<CreateWorkers>(c =>
        {
            var workers = Enumerable.Range(0, setup.Devices.Count)
                .Select(i => Context.ActorOf(
                    Props.Create(() => new DeviceWorker(i, setup, c.Coordinator, c.Shards, c.Reducer, c.State, c.Counters, c.Shared)).WithDispatcher(Props.PinnedDispatcherId),
                    $"worker-{i}"))
                .ToArray();
            Sender.Tell(new WorkersCreated(workers));
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_setup.MaxWorkerRestarts, _setup.RestartWindow, _ => Directive.Restart);
}

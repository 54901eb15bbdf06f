namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>When a server shard applies gradients, and how far workers may drift apart.</summary>
public enum Consistency
{
    /// <summary>Bulk-synchronous: an update is applied once every live replica has pushed; equals one device on the whole batch.</summary>
    Sync,
    /// <summary>Downpour: every push is applied at once; workers pull every <c>pull-every</c> steps.</summary>
    Async,
    /// <summary>Stale-synchronous: pushes are applied at once, and a worker waits when it is more than <c>staleness</c> steps ahead of the slowest.</summary>
    Bounded,
}

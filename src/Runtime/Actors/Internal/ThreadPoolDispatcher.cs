namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>The default dispatcher: mailbox runs are .NET thread-pool work items, without capturing execution context.</summary>
internal sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    public override void Execute(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// Runs a mailbox on the thread that made it runnable — the sender's — as Akka.NET's CallingThreadDispatcher does.
/// Still one message at a time (the mailbox's Scheduled bit): a sender that finds the actor running just enqueues, and
/// the running thread drains it. For short, non-blocking actors that many threads feed (parameter-server shards): it
/// saves a thread hand-off per message and keeps their work off the cores the senders would otherwise share with it.
/// </summary>
internal sealed class CallingThreadDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    [ThreadStatic] private static bool t_running;

    public override void Execute(Mailbox mailbox)
    {
        // A run that ends with more messages queued (past the throughput) asks to be run again, and so does a message
        // sent from inside a run to another such actor: a pool thread takes those over, so a sender that others keep
        // feeding is not held without end, and the stack does not grow.
        if (t_running)
        {
            ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
            return;
        }
        t_running = true;
        try
        {
            mailbox.Run();
        }
        finally
        {
            t_running = false;
        }
    }
}

using System.Collections.Concurrent;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// One dedicated thread per actor, for actors that block in native compute (device workers) and must neither starve
/// the thread pool nor be starved by it.
/// </summary>
internal sealed class PinnedDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    private readonly ConcurrentDictionary<Mailbox, DedicatedThread> _threads = new();

    public override void Attach(ActorCell cell)
    {
        var thread = new DedicatedThread(cell.Mailbox, cell.Self.Path.ToString());
        _threads[cell.Mailbox] = thread;
        thread.Start();
    }

    public override void Detach(ActorCell cell)
    {
        if (_threads.TryRemove(cell.Mailbox, out var thread)) thread.Stop();
    }

    public override void Execute(Mailbox mailbox)
    {
        if (_threads.TryGetValue(mailbox, out var thread)) thread.Signal();
    }

    private sealed class DedicatedThread(Mailbox mailbox, string name)
    {
        private readonly SemaphoreSlim _signal = new(0);
        private volatile bool _stopped;

        public void Start() => new Thread(Loop) { IsBackground = true, Name = name }.Start();

        public void Signal() => _signal.Release();

        public void Stop()
        {
            _stopped = true;
            _signal.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _signal.Wait();
                if (_stopped)
                {
                    // Detach comes after the mailbox closed, so nothing can signal this thread any more.
                    _signal.Dispose();
                    return;
                }
                mailbox.Run();
            }
        }
    }
}

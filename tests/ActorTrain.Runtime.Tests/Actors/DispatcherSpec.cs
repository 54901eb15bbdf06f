namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class DispatcherSpec : TestKit
{
    [Fact]
    public void PinnedDispatcher_EveryMessage_RunsOnOneDedicatedNonPoolThread()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(Props.PinnedDispatcherId), "device");
        actor.Tell("which", TestActor);
        actor.Tell("which", TestActor);
        var first = ExpectMsg<Thread>();
        Assert.Same(first, ExpectMsg<Thread>());
        Assert.False(first.IsThreadPoolThread);
        Assert.Equal(actor.Path.ToString(), first.Name);
    }

    [Fact]
    public void PinnedDispatcher_ActorStops_ThreadEnds()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(Props.PinnedDispatcherId));
        actor.Tell("which", TestActor);
        var thread = ExpectMsg<Thread>();
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        AwaitCondition(() => !thread.IsAlive);
    }

    [Fact]
    public void PinnedDispatcher_ActorBlocks_OtherActorsKeepRunning()
    {
        using var blocker = new ManualResetEventSlim();
        var pinned = Sys.ActorOf(Props.Create(() => new Blocker(blocker)).WithDispatcher(Props.PinnedDispatcherId));
        pinned.Tell("block", TestActor);
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        echo.Tell("still running", TestActor);
        ExpectMsg("still running");
        blocker.Set();
        ExpectMsg("unblocked");
    }

    [Fact]
    public void DefaultDispatcher_Messages_RunOnThreadPool()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()));
        actor.Tell("which", TestActor);
        Assert.True(ExpectMsg<Thread>().IsThreadPoolThread);
    }

    [Fact]
    public void CallingThreadDispatcher_Tell_RunsOnTheSendersThread()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(Props.CallingThreadDispatcherId));
        var sender = new Thread(() => actor.Tell("which", TestActor));
        sender.Start();
        sender.Join();
        Assert.Same(sender, ExpectMsg<Thread>());
    }

    [Fact]
    public void CallingThreadDispatcher_ManySenders_RunOneMessageAtATimeAndLoseNone()
    {
        var actor = Sys.ActorOf(Props.Create(() => new OverlapCounter()).WithDispatcher(Props.CallingThreadDispatcherId));
        const int senders = 4, messages = 2000;
        var threads = Enumerable.Range(0, senders).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < messages; i++) actor.Tell(1);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        actor.Tell("report", TestActor);
        Assert.Equal((senders * messages, 0), ExpectMsg<(int Count, int Overlaps)>());
    }

    [Fact]
    public void CallingThreadDispatcher_ActorThrows_TheSenderGoesOnAndTheSupervisorRestartsIt()
    {
        var actor = Sys.ActorOf(Props.Create(() => new OverlapCounter()).WithDispatcher(Props.CallingThreadDispatcherId));
        actor.Tell(1);
        actor.Tell(-1); // throws inside the actor, not in this Tell
        actor.Tell("report", TestActor);
        Assert.Equal((0, 0), ExpectMsg<(int Count, int Overlaps)>()); // a fresh incarnation: the count started over
    }

    /// <summary>Counts messages and how often two ran at once; a negative number throws.</summary>
    private sealed class OverlapCounter : ReceiveActor
    {
        private int _inside, _count, _overlaps;

        public OverlapCounter()
        {
            Receive<int>(n =>
            {
                if (n < 0) throw new InvalidOperationException("asked to fail");
                if (Interlocked.Increment(ref _inside) > 1) _overlaps++;
                _count += n;
                Thread.SpinWait(20);
                Interlocked.Decrement(ref _inside);
            });
            Receive<string>(_ => Sender.Tell((_count, _overlaps)));
        }
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => Receive<string>(_ => Sender.Tell(Thread.CurrentThread));
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate) => Receive<string>(_ =>
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            Sender.Tell("unblocked");
        });
    }
}

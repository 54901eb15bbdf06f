namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class DispatcherSpec : TestKit
{
    [Fact]
    public void PinnedDispatcher_EveryMessage_RunsOnOneDedicatedNonPoolThread()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("pinned-dispatcher"), "device");
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
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("pinned-dispatcher"));
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
        var pinned = Sys.ActorOf(Props.Create(() => new Blocker(blocker)).WithDispatcher("pinned-dispatcher"));
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

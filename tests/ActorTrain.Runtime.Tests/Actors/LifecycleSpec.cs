namespace ActorTrain.Runtime.Tests.Actors;

using System.Collections.Concurrent;
using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class LifecycleSpec : TestKit
{
    [Fact]
    public void Start_NewActor_CallsPreStartBeforeFirstMessage()
    {
        var actor = Sys.ActorOf(Reporter.For(TestActor, new InstanceCounter()));
        actor.Tell("hello", TestActor);
        ExpectMsg(("PreStart", 1));
        ExpectMsg("hello");
    }

    [Fact]
    public void Stop_RunningActor_CallsPostStopAndNotifiesWatchers()
    {
        var actor = Sys.ActorOf(Reporter.For(TestActor, new InstanceCounter()));
        ExpectMsg(("PreStart", 1));
        Watch(actor);
        Sys.Stop(actor);
        ExpectMsg(("PostStop", 1));
        ExpectTerminated(actor);
    }

    [Fact]
    public void Restart_AfterFailure_RunsAkkaHookSequenceOnOldThenNewInstance()
    {
        var actor = ChildActorOf(Reporter.For(TestActor, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Restart));
        ExpectMsg(("PreStart", 1));
        var fail = new Fail(new InvalidOperationException("boom"));

        actor.Tell(fail, TestActor);

        ExpectMsg<(string, int, string, object?)>(m => m == ("PreRestart", 1, "boom", fail));
        ExpectMsg(("PostStop", 1));
        ExpectMsg(("PostRestart", 2, "boom"));
        ExpectMsg(("PreStart", 2));
    }

    [Fact]
    public void Restart_WithQueuedMessages_KeepsMailboxAndDoesNotRetryFailingMessage()
    {
        var actor = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Restart));
        actor.Tell("inc", TestActor);
        actor.Tell(new Fail(new InvalidOperationException("boom")), TestActor);
        actor.Tell("inc", TestActor);
        actor.Tell("get", TestActor);

        // The new instance starts from zero and sees only the message queued after the failure.
        ExpectMsg(1);
    }

    [Fact]
    public void Restart_ManyFailuresAmidTraffic_EveryOtherMessageHandledOnceInOrder()
    {
        var log = new ConcurrentQueue<int>();
        var actor = ChildActorOf(Props.Create(() => new Recorder(log)), new OneForOneStrategy(_ => Directive.Restart));
        var expected = new List<int>();
        for (var i = 0; i < 2000; i++)
        {
            if (i % 50 == 0) actor.Tell(new Fail(new InvalidOperationException($"failure {i}")), TestActor);
            else
            {
                actor.Tell(i, TestActor);
                expected.Add(i);
            }
        }
        actor.Tell("done", TestActor);
        ExpectMsg("done");
        Assert.Equal(expected, log);
    }

    [Fact]
    public void Restart_DefaultPreRestart_StopsChildrenBeforeNewInstance()
    {
        var reports = CreateTestProbe();
        var parent = ChildActorOf(Reporter.For(reports.Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Restart));
        parent.Tell(("child", "kid"), TestActor);
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        parent.Tell(new Fail(new InvalidOperationException("boom")), TestActor);

        ExpectTerminated(child);
        // The name is free again once the restart completed, so a new child of that name can be made.
        AwaitAssert(() =>
        {
            parent.Tell(("child", "kid"), TestActor);
            Assert.NotEqual(child, ExpectMsg<IActorRef>());
        });
    }

    [Fact]
    public void PreStart_Throws_ActorInitializationExceptionStopsActor()
    {
        EventFilter.Exception<ActorInitializationException>().ExpectOne(() =>
        {
            var actor = Sys.ActorOf(Props.Create(() => new FailingStart()));
            Watch(actor);
            ExpectTerminated(actor);
        });
    }

    /// <summary>Appends ints to a log that outlives its instances; throws on Fail; echoes strings.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<int> log)
        {
            Receive<int>(log.Enqueue);
            Receive<Fail>(fail => throw fail.Cause);
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class FailingStart : ActorBase
    {
        protected override void PreStart() => throw new InvalidOperationException("cannot start");

        protected override bool Receive(object message) => true;
    }
}

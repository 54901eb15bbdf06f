namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class DeathWatchSpec : TestKit
{
    [Fact]
    public void Watch_SubjectStops_WatcherReceivesTerminatedWithExistenceConfirmed()
    {
        var subject = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(subject);
        Sys.Stop(subject);
        var terminated = ExpectTerminated(subject);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
        Assert.Equal(subject, LastSender);
    }

    [Fact]
    public void Watch_SubjectAlreadyDead_StillReceivesTerminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var firstWatcher = CreateTestProbe();
        firstWatcher.Watch(subject);
        Sys.Stop(subject);
        firstWatcher.ExpectTerminated(subject);

        Watch(subject);

        Assert.False(ExpectTerminated(subject).ExistenceConfirmed);
    }

    [Fact]
    public void Unwatch_BeforeSubjectStops_NoTerminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(("watch", subject), TestActor);
        watcher.Tell(("unwatch", subject), TestActor);
        watcher.Tell("sync", TestActor);
        ExpectMsg("sync");

        Sys.Stop(subject);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Terminated_AfterSubjectsLastMessages_ArrivesLast()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        var subject = Sys.ActorOf(Props.Create(() => new EchoActor()));
        watcher.Tell(("watch", subject), TestActor);
        watcher.Tell("sync", TestActor);
        ExpectMsg("sync");

        for (var i = 0; i < 100; i++) subject.Tell(i, watcher);
        subject.Tell(PoisonPill.Instance, ActorRefs.NoSender);

        for (var i = 0; i < 100; i++) ExpectMsg(i);
        ExpectMsg(("terminated", subject));
    }

    [Fact]
    public void Terminated_NotHandled_FailsWatcherWithDeathPactException()
    {
        var subject = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var watcher = Sys.ActorOf(Props.Create(() => new PactWatcher(subject)));
        Watch(watcher);
        watcher.Tell("sync", TestActor);
        ExpectMsg("sync");

        EventFilter.Exception<DeathPactException>().ExpectOne(() => Sys.Stop(subject));

        ExpectTerminated(watcher);
    }

    [Fact]
    public void Watch_ParentOfStoppedChild_ReceivesTerminatedOnce()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        parent.Tell("spawn", TestActor);
        var child = ExpectMsg<IActorRef>();
        parent.Tell(("watch", child), TestActor);
        parent.Tell("sync", TestActor);
        ExpectMsg("sync");

        Sys.Stop(child);

        ExpectMsg(("terminated", child));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Watches and unwatches on command; reports Terminated and forwards everything else to the test.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef test)
        {
            Receive<(string Command, IActorRef Subject)>(c => c.Command == "watch", c => Context.Watch(c.Subject));
            Receive<(string Command, IActorRef Subject)>(c => c.Command == "unwatch", c => Context.Unwatch(c.Subject));
            Receive<string>(s => s == "spawn", _ => Sender.Tell(Context.ActorOf(Props.Create(() => new EchoActor()))));
            // A Terminated is only delivered to an actor that watches; forwarded as is, the test actor would drop it.
            Receive<Terminated>(t => test.Tell(("terminated", t.ActorRef), Sender));
            ReceiveAny(m => test.Tell(m, Sender));
        }
    }

    /// <summary>Watches a subject but handles nothing but "sync": its Terminated is unhandled.</summary>
    private sealed class PactWatcher : ReceiveActor
    {
        public PactWatcher(IActorRef subject)
        {
            Context.Watch(subject);
            Receive<string>(s => s == "sync", s => Sender.Tell(s));
        }
    }
}

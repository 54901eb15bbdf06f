namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class TimersSpec : TestKit
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void ScheduleTellOnce_AfterDelay_DeliversOnceWithSender()
    {
        var sender = CreateTestProbe().Ref;
        Within(TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(3), () =>
        {
            Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "later", sender);
            ExpectMsg("later");
        });
        Assert.Equal(sender, LastSender);
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void ScheduleTellOnce_CancelledBeforeDue_NeverDelivers()
    {
        var scheduled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "never", ActorRefs.NoSender);
        scheduled.Cancel();
        Assert.True(scheduled.IsCancellationRequested);
        ExpectNoMsg(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public void ScheduleTellRepeatedly_UntilCancelled_DeliversRepeatedly()
    {
        var scheduled = Sys.Scheduler.ScheduleTellRepeatedly(Short, Short, TestActor, "tick", ActorRefs.NoSender);
        Assert.Equal(["tick", "tick", "tick"], ReceiveN(3));
        scheduled.Cancel();
        ReceiveOne(TimeSpan.FromMilliseconds(100)); // at most one tick was already firing when cancelled
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void StartSingleTimer_SameKeyTwice_OnlyLatestIsDelivered()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(("single", "first"), TestActor);
        actor.Tell(("single", "second"), TestActor);
        ExpectMsg("second");
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void CancelTimer_PeriodicWithTicksInFlight_NoTickAfterCancel()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(("periodic", "tick"), TestActor);
        ExpectMsg("tick");
        ExpectMsg("tick");
        actor.Tell("cancel", TestActor);
        FishForMessage(m => m is "cancelled");
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void Timers_ActorRestarts_AllTimersCancelled()
    {
        var actor = ChildActorOf(Props.Create(() => new TimerActor(TestActor)), new OneForOneStrategy(_ => Directive.Restart));
        actor.Tell(("periodic", "tick"), TestActor);
        ExpectMsg("tick");
        actor.Tell(new Fail(new InvalidOperationException("boom")), TestActor);
        FishForMessage(m => m is "restarted");
        actor.Tell("active?", TestActor);
        FishForMessage(m => m is false);
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void Timers_ActorStops_NoTickAfterTermination()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        Watch(actor);
        actor.Tell(("periodic", "tick"), TestActor);
        ExpectMsg("tick");
        Sys.Stop(actor);
        FishForMessage(m => m is Terminated);
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TimerActor(IActorRef test)
        {
            Receive<(string Kind, string Message)>(c => c.Kind == "single", c => Timers.StartSingleTimer("key", c.Message, TimeSpan.FromMilliseconds(50)));
            Receive<(string Kind, string Message)>(c => c.Kind == "periodic", c => Timers.StartPeriodicTimer("key", c.Message, Short));
            Receive<string>(s => s == "cancel", _ =>
            {
                Timers.Cancel("key");
                test.Tell("cancelled");
            });
            Receive<string>(s => s == "active?", _ => test.Tell(Timers.IsTimerActive("key")));
            Receive<Fail>(fail => throw fail.Cause);
            Receive<string>(s => test.Tell(s));
        }

        protected override void PostRestart(Exception reason) => Self.Tell("restarted");
    }
}

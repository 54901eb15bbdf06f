namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Actors.Internal;
using ActorTrain.TestKit;

public sealed class SupervisionSpec : TestKit
{
    private static readonly Fail Boom = new(new InvalidOperationException("boom"));

    [Theory]
    [InlineData(typeof(ActorInitializationException), Directive.Stop)]
    [InlineData(typeof(ActorKilledException), Directive.Stop)]
    [InlineData(typeof(DeathPactException), Directive.Stop)]
    [InlineData(typeof(InvalidOperationException), Directive.Restart)]
    [InlineData(typeof(ArithmeticException), Directive.Restart)]
    public void DefaultDecider_ForException_ReturnsAkkaDirective(Type exceptionType, Directive expected)
    {
        Exception cause = exceptionType.Name switch
        {
            nameof(ActorInitializationException) => new ActorInitializationException(null, "init"),
            nameof(ActorKilledException) => new ActorKilledException("Kill"),
            nameof(DeathPactException) => new DeathPactException(TestActor),
            _ => (Exception)Activator.CreateInstance(exceptionType)!,
        };
        Assert.Equal(expected, SupervisorStrategy.DefaultDecider.Decide(cause));
    }

    [Fact]
    public void OneForOne_Resume_KeepsInstanceAndState()
    {
        var actor = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Resume));
        actor.Tell("inc", TestActor);
        actor.Tell(Boom, TestActor);
        actor.Tell("inc", TestActor);
        actor.Tell("get", TestActor);
        ExpectMsg(2);
    }

    [Fact]
    public void OneForOne_Restart_ReplacesInstanceFromProps()
    {
        var actor = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Restart));
        actor.Tell("inc", TestActor);
        actor.Tell(Boom, TestActor);
        actor.Tell("get", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void OneForOne_Stop_StopsOnlyTheFailedChild()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(2)).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
        parent.Tell("children", TestActor);
        var children = ExpectMsg<IActorRef[]>();
        Watch(children[0]);

        children[0].Tell(Boom, TestActor);

        ExpectTerminated(children[0]);
        children[1].Tell("get", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void AllForOne_Restart_RestartsEverySibling()
    {
        var reports = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(2, reports.Ref)).WithSupervisorStrategy(new AllForOneStrategy(_ => Directive.Restart)));
        parent.Tell("children", TestActor);
        var children = ExpectMsg<IActorRef[]>();
        children[1].Tell("inc", TestActor);
        children[1].Tell("get", TestActor);
        ExpectMsg(1); // the sibling's state has changed before the failure (a restart keeps the mailbox, so an unprocessed "inc" would survive it)

        children[0].Tell(Boom, TestActor);

        var restarted = new[] { reports.FishForMessage<(string, int, string)>(m => m.Item1 == "PostRestart"),
                                reports.FishForMessage<(string, int, string)>(m => m.Item1 == "PostRestart") };
        Assert.All(restarted, r => Assert.Equal("boom", r.Item3));
        children[1].Tell("get", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void AllForOne_Stop_StopsEverySibling()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(3)).WithSupervisorStrategy(new AllForOneStrategy(_ => Directive.Stop)));
        parent.Tell("children", TestActor);
        var children = ExpectMsg<IActorRef[]>();
        foreach (var child in children) Watch(child);

        children[1].Tell(Boom, TestActor);

        var terminated = ReceiveN(3).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.True(terminated.SetEquals(children));
    }

    [Fact]
    public void MaxNrOfRetries_Exhausted_StopsChild()
    {
        var reports = CreateTestProbe();
        var actor = ChildActorOf(Reporter.For(reports.Ref, new InstanceCounter()), new OneForOneStrategy(2, null, _ => Directive.Restart));
        Watch(actor);

        for (var i = 0; i < 2; i++)
        {
            actor.Tell(Boom, TestActor);
            reports.FishForMessage<(string, int, string)>(m => m.Item1 == "PostRestart");
        }
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(Boom, TestActor);

        ExpectTerminated(actor);
    }

    [Fact]
    public void WithinTimeRange_TooManyFailuresInWindow_StopsChild()
    {
        var actor = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()),
            new OneForOneStrategy(1, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(actor);
        actor.Tell(Boom, TestActor);
        actor.Tell(Boom, TestActor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void RequestRestartPermission_AfterWindowCloses_OpensNewWindow()
    {
        var stats = new ChildRestartStats(null!);
        Assert.True(stats.RequestRestartPermission(1, 50));
        Assert.False(stats.RequestRestartPermission(1, 50));
        Thread.Sleep(80); // the thing under test is the passage of time itself
        Assert.True(stats.RequestRestartPermission(1, 50));
    }

    [Fact]
    public void RequestRestartPermission_ZeroRetries_NeverRestarts() =>
        Assert.False(new ChildRestartStats(null!).RequestRestartPermission(0, -1));

    [Fact]
    public void Escalate_FromChild_FailsParentWithSameCauseBeforeGrandparent()
    {
        var decided = CreateTestProbe();
        var grandparentStrategy = new OneForOneStrategy(cause =>
        {
            decided.Ref.Tell(cause, ActorRefs.NoSender);
            return Directive.Stop;
        });
        var parent = ChildActorOf(Props.Create(() => new Parent(1)).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate)), grandparentStrategy);
        parent.Tell("children", TestActor);
        var child = ExpectMsg<IActorRef[]>()[0];
        Watch(parent);
        Watch(child);

        child.Tell(Boom, TestActor);

        Assert.Same(Boom.Cause, decided.ExpectMsg<InvalidOperationException>());
        ExpectMsgAllOf(new Terminated(child, true, false), new Terminated(parent, true, false));
    }

    [Fact]
    public void Failure_OfParent_SuspendsItsChildrenUntilSupervisorDecides()
    {
        using var gate = new ManualResetEventSlim();
        var deciding = CreateTestProbe();
        var strategy = new OneForOneStrategy(_ =>
        {
            deciding.Ref.Tell("deciding", ActorRefs.NoSender);
            gate.Wait(Dilated(TimeSpan.FromSeconds(5)));
            return Directive.Resume;
        });
        var parent = ChildActorOf(Props.Create(() => new Parent(1)), strategy);
        parent.Tell("children", TestActor);
        var child = ExpectMsg<IActorRef[]>()[0];

        parent.Tell(Boom, TestActor);
        deciding.ExpectMsg("deciding");
        child.Tell("get", TestActor);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.Set();
        ExpectMsg(0);
    }

    [Fact]
    public void UserGuardian_TopLevelActorThrows_RestartsItByDefault()
    {
        var actor = Sys.ActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()));
        actor.Tell("inc", TestActor);
        actor.Tell(Boom, TestActor);
        actor.Tell("get", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void Resume_OfFailedParent_ResumesItsSuspendedChildren()
    {
        var parent = ChildActorOf(Props.Create(() => new Parent(1)), new OneForOneStrategy(_ => Directive.Resume));
        parent.Tell("children", TestActor);
        var child = ExpectMsg<IActorRef[]>()[0];
        parent.Tell(Boom, TestActor);
        child.Tell("get", TestActor);
        ExpectMsg(0);
        parent.Tell("children", TestActor);
        Assert.Equal(child, ExpectMsg<IActorRef[]>()[0]);
    }

    [Fact]
    public void Failure_Logged_AsErrorEventWithCause()
    {
        var actor = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Restart));
        EventFilter.Exception<InvalidOperationException>(message: "boom", source: actor.Path.ToString())
            .ExpectOne(() => actor.Tell(Boom, TestActor));
    }

    /// <summary>Makes <c>n</c> Reporter children; answers "children" with their refs; throws on Fail.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent(int n) : this(n, null) { }

        public Parent(int n, IActorRef? reports)
        {
            var instances = new InstanceCounter();
            var report = reports ?? Context.System.DeadLetters;
            var children = Enumerable.Range(0, n).Select(i => Context.ActorOf(Reporter.For(report, instances), $"child{i}")).ToArray();
            Receive<string>(s => s == "children", _ => Sender.Tell(children));
            Receive<Fail>(fail => throw fail.Cause);
        }

        protected override void PreRestart(Exception reason, object? message) { }
    }
}

namespace ActorTrain.Runtime.Tests.Actors;

using System.Collections.Concurrent;
using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class ActorSystemSpec : TestKit
{
    [Fact]
    public void ActorOf_TopLevelAndChild_PathsRenderUnderUserGuardian()
    {
        var parent = Sys.ActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), "a");
        parent.Tell(("child", "b"), TestActor);
        var child = ExpectMsg<IActorRef>();

        Assert.Equal("actortrain://test/user/a", parent.Path.ToString());
        Assert.Equal("actortrain://test/user/a/b", child.Path.ToString());
        Assert.Equal(parent.Path, child.Path.Parent);
    }

    [Fact]
    public void ActorOf_NameTakenBySibling_ThrowsInvalidActorNameException()
    {
        Sys.ActorOf(Props.Create(() => new EchoActor()), "twin");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()), "twin"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$reserved")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void ActorOf_IllegalName_ThrowsInvalidActorNameException(string name) =>
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()), name));

    [Fact]
    public void ActorOf_WithoutName_GetsDistinctGeneratedNames()
    {
        var first = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var second = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Assert.StartsWith("$", first.Path.Name);
        Assert.NotEqual(first.Path.Name, second.Path.Name);
    }

    [Fact]
    public void ActorOf_UnknownDispatcher_ThrowsConfigurationException() =>
        Assert.Throws<ConfigurationException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()).WithDispatcher("no-such-dispatcher")));

    [Fact]
    public void Constructor_CalledWithNew_ThrowsActorInitializationException() =>
        Assert.Throws<ActorInitializationException>(() => new EchoActor());

    [Fact]
    public void ActorRef_SameNameAfterRestartOfName_IsNotEqualToOldIncarnation()
    {
        var first = Sys.ActorOf(Props.Create(() => new EchoActor()), "again");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitAssert(() => Assert.NotEqual(first, Sys.ActorOf(Props.Create(() => new EchoActor()), "again")));
    }

    [Fact]
    public async Task Terminate_WithActorTree_StopsChildrenBeforeParentsAndCompletes()
    {
        var system = ActorSystem.Create("tree");
        var stopped = new ConcurrentQueue<string>();
        system.ActorOf(Props.Create(() => new StopRecorder(stopped, 2)), "parent");

        await system.Terminate().WaitAsync(Dilated(TimeSpan.FromSeconds(5)));

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        var order = stopped.ToList();
        Assert.Equal(["parent", "parent/c0", "parent/c0/c0", "parent/c0/c1", "parent/c1", "parent/c1/c0", "parent/c1/c1"], order.Order());
        // Every actor stops after all of its descendants.
        for (var i = 0; i < order.Count; i++)
            Assert.DoesNotContain(order.Skip(i + 1), later => later.StartsWith(order[i] + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminate_UserAndSystemActors_UserActorsStopFirst()
    {
        Assert.StartsWith("actortrain://test/system/", TestActor.Path.ToString());
        var system = ActorSystem.Create("ordered");
        var stopped = new ConcurrentQueue<string>();
        system.SystemActorOf(Props.Create(() => new StopRecorder(stopped, 0)), "kernel");
        system.ActorOf(Props.Create(() => new StopRecorder(stopped, 0)), "app");

        await system.Terminate().WaitAsync(Dilated(TimeSpan.FromSeconds(5)));

        Assert.Equal(["app", "kernel"], stopped);
    }

    /// <summary>Builds a tree of the given depth, two children per node, recording PostStop by relative path.</summary>
    private sealed class StopRecorder : ActorBase
    {
        private readonly ConcurrentQueue<string> _stopped;

        public StopRecorder(ConcurrentQueue<string> stopped, int depth)
        {
            _stopped = stopped;
            for (var i = 0; depth > 0 && i < 2; i++) Context.ActorOf(Props.Create(() => new StopRecorder(stopped, depth - 1)), $"c{i}");
        }

        protected override bool Receive(object message) => false;

        /// <summary>Records the path below the guardian, e.g. "parent/c0".</summary>
        protected override void PostStop() => _stopped.Enqueue(string.Join('/', Self.Path.Elements.Skip(1)));
    }
}

namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class StashSpec : TestKit
{
    [Fact]
    public void UnstashAll_AfterBecome_RedeliversInOriginalOrderAheadOfNewerMessages()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("open", TestActor);
        gate.Tell("c", TestActor);
        ExpectMsg("a");
        ExpectMsg("b");
        ExpectMsg("c");
    }

    [Fact]
    public void Stash_ActorRestarts_StashedMessagesAreRedeliveredToNewInstance()
    {
        var gate = ChildActorOf(Props.Create(() => new Gate()), new OneForOneStrategy(_ => Directive.Restart));
        gate.Tell("a", TestActor);
        gate.Tell(new Fail(new InvalidOperationException("boom")), TestActor);
        gate.Tell("open", TestActor);
        ExpectMsg("a");
    }

    [Fact]
    public void Stash_ActorStops_StashedMessagesBecomeDeadLetters()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell("sync", TestActor);
        ExpectMsg("closed");
        EventFilter.DeadLetter<string>(m => m == "a").ExpectOne(() => Sys.Stop(gate));
    }

    /// <summary>Stashes strings until "open", then echoes them; answers "sync" with its state; throws on Fail.</summary>
    private sealed class Gate : ReceiveActor, IWithUnboundedStash
    {
        public IStash Stash { get; set; } = null!;

        public Gate()
        {
            Receive<Fail>(fail => throw fail.Cause);
            Receive<string>(s => s == "sync", _ => Sender.Tell("closed"));
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(s => Sender.Tell(s)));
                Stash.UnstashAll();
            });
            Receive<string>(_ => Stash.Stash());
        }
    }
}

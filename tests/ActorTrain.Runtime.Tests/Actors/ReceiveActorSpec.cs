namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Actors.Event;
using ActorTrain.TestKit;

public sealed class ReceiveActorSpec : TestKit
{
    [Fact]
    public void Receive_SeveralMatchingHandlers_FirstRegisteredWins()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Classifier()));
        actor.Tell(5, TestActor);
        actor.Tell(-5, TestActor);
        actor.Tell("text", TestActor);
        actor.Tell(2.5, TestActor);
        ExpectMsg("positive int");
        ExpectMsg("int");
        ExpectMsg("string");
        ExpectMsg("any");
    }

    [Fact]
    public void Receive_NoHandlerMatches_PublishesUnhandledMessage()
    {
        var actor = Sys.ActorOf(Props.Create(() => new OnlyStrings()));
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));

        actor.Tell(42, TestActor);

        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal((42, actor, TestActor), ((int)unhandled.Message, unhandled.Recipient, unhandled.Sender));
    }

    [Fact]
    public void Become_NewHandlers_ReplaceOldOnes()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("state", TestActor);
        actor.Tell("become", TestActor);
        actor.Tell("state", TestActor);
        ExpectMsg("off");
        ExpectMsg("on");
    }

    [Fact]
    public void UnbecomeStacked_AfterBecomeStacked_RestoresPreviousBehaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("push", TestActor);
        actor.Tell("state", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("state", TestActor);
        ExpectMsg("pushed");
        ExpectMsg("off");
    }

    [Fact]
    public void UntypedActor_OnReceiveCallsUnhandled_PublishesUnhandledMessage()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Untyped()));
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        actor.Tell("known", TestActor);
        actor.Tell(3, TestActor);
        ExpectMsg("known");
        Assert.Equal(3, ExpectMsg<UnhandledMessage>().Message);
    }

    [Fact]
    public void Forward_FromActor_KeepsOriginalSender()
    {
        var target = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(target.Ref)));
        forwarder.Tell("hop", TestActor);
        target.ExpectMsg("hop");
        Assert.Equal(TestActor, target.LastSender);
    }

    [Fact]
    public void Tell_WithoutSenderInsideActor_UsesSelfAsSender()
    {
        var target = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new ImplicitSender(target.Ref)));
        actor.Tell("go", TestActor);
        target.ExpectMsg("go");
        Assert.Equal(actor, target.LastSender);
    }

    [Fact]
    public void Context_Child_FindsChildByNameOrReturnsNobody()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ChildLookup()));
        actor.Tell("kid", TestActor);
        actor.Tell("stranger", TestActor);
        Assert.Equal("actortrain://test/user/" + actor.Path.Name + "/kid", ExpectMsg<IActorRef>().Path.ToString());
        Assert.Same(ActorRefs.Nobody, ExpectMsg<IActorRef>());
    }

    [Fact]
    public void Identify_AnyActor_AnswersWithItsOwnRef()
    {
        var actor = Sys.ActorOf(Props.Create(() => new OnlyStrings()));
        actor.Tell(new Identify("who"), TestActor);
        Assert.Equal(new ActorIdentity("who", actor), ExpectMsg<ActorIdentity>());
    }

    private sealed class Classifier : ReceiveActor
    {
        public Classifier()
        {
            Receive<int>(i => i > 0, _ => Sender.Tell("positive int"));
            Receive<int>(_ => Sender.Tell("int"));
            Receive<string>(_ => Sender.Tell("string"));
            ReceiveAny(_ => Sender.Tell("any"));
        }
    }

    private sealed class OnlyStrings : ReceiveActor
    {
        public OnlyStrings() => Receive<string>(s => Sender.Tell(s));
    }

    private sealed class Switch : ReceiveActor
    {
        public Switch()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("off"));
            Receive<string>(s => s == "become", _ => Become(On));
            Receive<string>(s => s == "push", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "state", _ => Sender.Tell("pushed"));
                Receive<string>(s => s == "pop", _ => UnbecomeStacked());
            }));
        }

        private void On() => Receive<string>(s => s == "state", _ => Sender.Tell("on"));
    }

    private sealed class Untyped : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string s) Sender.Tell(s);
            else Unhandled(message);
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class ImplicitSender : ReceiveActor
    {
        public ImplicitSender(IActorRef target) => ReceiveAny(m => target.Tell(m));
    }

    private sealed class ChildLookup : ReceiveActor
    {
        public ChildLookup()
        {
            Context.ActorOf(Props.Create(() => new EchoActor()), "kid");
            Receive<string>(name => Sender.Tell(Context.Child(name)));
        }
    }
}

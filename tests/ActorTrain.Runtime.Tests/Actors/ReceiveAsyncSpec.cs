namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class ReceiveAsyncSpec : TestKit
{
    [Fact]
    public void ReceiveAsync_HandlerAwaiting_LaterMessagesWaitUntilItCompletes()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor()));
        actor.Tell("slow", TestActor);
        actor.Tell(1, TestActor);
        ExpectMsg("slow done");
        ExpectMsg(1);
    }

    [Fact]
    public void ReceiveAsync_AfterAwait_SenderAndSelfAreThoseOfTheMessage()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor()));
        var probe = CreateTestProbe();
        probe.Send(actor, "slow");
        actor.Tell(2, TestActor);
        probe.ExpectMsg("slow done");
        Assert.Equal(actor, probe.LastSender);
        ExpectMsg(2);
    }

    [Fact]
    public void ReceiveAsync_HandlerFaultsAfterAwait_ActorIsSupervisedAsForAThrow()
    {
        var actor = ChildActorOf(Props.Create(() => new AsyncActor()), new OneForOneStrategy(_ => Directive.Restart));
        actor.Tell("inc", TestActor);
        EventFilter.Exception<InvalidOperationException>(message: "async boom").ExpectOne(() => actor.Tell("fail", TestActor));
        actor.Tell("get", TestActor);
        ExpectMsg(0);
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor()
        {
            var count = 0;
            ReceiveAsync<string>(async _ =>
            {
                await Task.Delay(50);
                Sender.Tell("slow done", Self);
            }, s => s == "slow");
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            }, s => s == "fail");
            Receive<string>(s => s == "inc", _ => count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(count));
            Receive<int>(i => Sender.Tell(i));
        }
    }
}

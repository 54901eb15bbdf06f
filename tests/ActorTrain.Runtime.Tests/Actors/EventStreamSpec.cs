namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Actors.Event;
using ActorTrain.TestKit;

public sealed class EventStreamSpec : TestKit
{
    private sealed record Animal(string Name);

    [Fact]
    public void Publish_SubscriberToBaseType_ReceivesSubtypes()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(object));
        Sys.EventStream.Publish(new Animal("cat"));
        ExpectMsg(new Animal("cat"));
    }

    [Fact]
    public void Publish_SubscribedToTwoMatchingChannels_DeliversOnce()
    {
        Assert.True(Sys.EventStream.Subscribe(TestActor, typeof(object)));
        Assert.True(Sys.EventStream.Subscribe(TestActor, typeof(Animal)));
        Assert.False(Sys.EventStream.Subscribe(TestActor, typeof(Animal)));
        Sys.EventStream.Publish(new Animal("dog"));
        ExpectMsg(new Animal("dog"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unsubscribe_FromChannel_StopsDelivery()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Animal));
        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Animal)));
        Sys.EventStream.Publish(new Animal("owl"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Publish_SubscriberHasStopped_DropsItWithoutCascadingDeadLetters()
    {
        var subscriber = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Sys.EventStream.Subscribe(subscriber, typeof(DeadLetter));
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        subscriber.Tell("lost", TestActor);

        Assert.Equal("lost", ExpectMsg<DeadLetter>().Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.False(Sys.EventStream.Unsubscribe(subscriber));
    }

    [Fact]
    public void Log_ErrorFromActor_PublishedAsErrorEventWithActorPathAsSource()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Logger()));
        Sys.EventStream.Subscribe(TestActor, typeof(Error));
        actor.Tell("oops", TestActor);
        var error = ExpectMsg<Error>();
        Assert.Equal(actor.Path.ToString(), error.LogSource);
        Assert.Equal("failed: oops", error.Message);
        Assert.IsType<TimeoutException>(error.Cause);
    }

    [Fact]
    public void Log_BelowConfiguredLevel_NotPublished()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Logger()));
        Sys.EventStream.Subscribe(TestActor, typeof(LogEvent));
        actor.Tell(1, TestActor);
        ExpectMsg<Info>(i => (string)i.Message == "info 1");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed class Logger : ReceiveActor
    {
        public Logger()
        {
            var log = Context.GetLogger();
            Receive<string>(s => log.Error(new TimeoutException(), "failed: {0}", s));
            Receive<int>(i =>
            {
                log.Debug("debug {0}", i);
                log.Info("info {0}", i);
            });
        }
    }
}

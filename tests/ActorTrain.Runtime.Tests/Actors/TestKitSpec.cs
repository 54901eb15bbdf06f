namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;
using Xunit.Sdk;

public sealed class TestKitSpec : TestKit
{
    [Fact]
    public void ExpectMsg_NothingArrives_FailsAfterTimeout()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", failure.Message);
    }

    [Fact]
    public void ExpectMsg_WrongType_Fails()
    {
        TestActor.Tell(42, ActorRefs.NoSender);
        Assert.ThrowsAny<XunitException>(() => ExpectMsg<string>());
    }

    [Fact]
    public void ExpectNoMsg_MessageArrives_Fails()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);
        // Fails as soon as the message arrives, so the long window costs nothing when the kit works.
        Assert.ThrowsAny<XunitException>(() => ExpectNoMsg(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void FishForMessage_NonMatchingFirst_SkipsToMatch()
    {
        foreach (var m in new object[] { 1, "two", 3 }) TestActor.Tell(m, ActorRefs.NoSender);
        Assert.Equal(3, FishForMessage(m => m is 3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ReceiveN_FewerArrive_Fails()
    {
        TestActor.Tell(1, ActorRefs.NoSender);
        Assert.ThrowsAny<XunitException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Within_Nested_InnerCannotOutliveOuterDeadline()
    {
        Within(TimeSpan.FromMilliseconds(500), () =>
        {
            Within(TimeSpan.FromSeconds(30), () => Assert.InRange(Remaining, TimeSpan.Zero, Dilated(TimeSpan.FromMilliseconds(500))));
            Assert.InRange(RemainingOrDefault, TimeSpan.Zero, Dilated(TimeSpan.FromMilliseconds(500)));
        });
        Assert.Equal(Dilated(SingleExpectDefault), RemainingOrDefault);
    }

    [Fact]
    public void Within_ExpectationTimesOut_FailsAtTheDeadlineNotTheDefault()
    {
        var start = Now;
        Assert.ThrowsAny<XunitException>(() => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<string>()));
        Assert.True(Now - start < Dilated(SingleExpectDefault));
    }

    [Fact]
    public void Within_BlockFasterThanMin_Fails() =>
        Assert.ThrowsAny<XunitException>(() => Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), () => { }));

    [Fact]
    public void Dilated_Duration_ScaledByTimeFactor() =>
        Assert.Equal(TimeSpan.FromMilliseconds(100 * TestTimeFactor), Dilated(TimeSpan.FromMilliseconds(100)));

    [Fact]
    public void AwaitCondition_NeverTrue_FailsAfterMax() =>
        Assert.ThrowsAny<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50)));

    [Fact]
    public void AwaitAssert_BecomesTrue_Passes()
    {
        var start = Now;
        AwaitAssert(() => Assert.True(Now - start > TimeSpan.FromMilliseconds(30)));
    }

    [Fact]
    public void TestProbe_Reply_GoesToLastSenderWithProbeAsSender()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("question", TestActor);
        probe.ExpectMsg("question");
        probe.Reply("answer");
        ExpectMsg("answer");
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public void TestProbe_Forward_KeepsOriginalSender()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        first.Ref.Tell("parcel", TestActor);
        first.ExpectMsg("parcel");
        first.Forward(second.Ref, "parcel");
        second.ExpectMsg("parcel");
        Assert.Equal(TestActor, second.LastSender);
    }

    [Fact]
    public void ChildActorOf_GivenStrategy_SupervisesChild()
    {
        var child = ChildActorOf(Reporter.For(CreateTestProbe().Ref, new InstanceCounter()), new OneForOneStrategy(_ => Directive.Stop));
        Watch(child);
        Assert.NotEqual(Sys.Name, child.Path.Parent.Name);
        child.Tell(new Fail(new InvalidOperationException("boom")), TestActor);
        ExpectTerminated(child);
    }

    [Fact]
    public void EventFilterExpect_MoreEventsThanExpected_Fails()
    {
        var probe = CreateTestProbe();
        Watch(probe.Ref);
        Sys.Stop(probe.Ref);
        ExpectTerminated(probe.Ref);
        Assert.ThrowsAny<XunitException>(() => EventFilter.DeadLetter<string>().Expect(1, () =>
        {
            probe.Ref.Tell("one", ActorRefs.NoSender);
            probe.Ref.Tell("two", ActorRefs.NoSender);
        }));
    }

    [Fact]
    public void EventFilterExpect_NoEvent_FailsAfterTimeout() =>
        Assert.ThrowsAny<XunitException>(() => EventFilter.Exception<InvalidOperationException>().Expect(1, TimeSpan.FromMilliseconds(100), () => { }));
}

namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class AskSpec : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Ask_ActorReplies_CompletesWithReply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Assert.Equal("ping", await echo.Ask<string>("ping", Timeout));
    }

    [Fact]
    public async Task Ask_NoReply_ThrowsAskTimeoutException()
    {
        var silent = CreateTestProbe();
        await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ref.Ask<string>("ping", TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Ask_StatusFailureReply_FaultsWithItsCause()
    {
        var probe = CreateTestProbe();
        var asking = probe.Ref.Ask<string>("ping", Timeout);
        probe.ExpectMsg("ping");
        var cause = new InvalidOperationException("refused");

        probe.Reply(new Status.Failure(cause));

        Assert.Same(cause, await Assert.ThrowsAsync<InvalidOperationException>(() => asking));
    }

    [Fact]
    public async Task Ask_ReplyOfOtherType_ThrowsInvalidCastException()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(42, Timeout));
    }

    [Fact]
    public async Task Ask_SenderSeenByTarget_IsTemporaryRefNotCaller()
    {
        var probe = CreateTestProbe();
        var asking = probe.Ref.Ask<string>("ping", Timeout);
        probe.ExpectMsg("ping");

        Assert.Contains("/temp/", probe.LastSender.Path.ToString());
        Assert.NotEqual(TestActor, probe.LastSender);
        probe.Reply("pong");
        Assert.Equal("pong", await asking);
    }

    [Fact]
    public async Task Ask_SecondReply_GoesToDeadLetters()
    {
        var probe = CreateTestProbe();
        var asking = probe.Ref.Ask<string>("ping", Timeout);
        probe.ExpectMsg("ping");
        probe.Reply("first");
        Assert.Equal("first", await asking);

        EventFilter.DeadLetter<string>(m => m == "second").ExpectOne(() => probe.Reply("second"));
    }
}

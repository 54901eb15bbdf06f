namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.TestKit;

public sealed class SerializeMessagesSpec : TestKit
{
    public SerializeMessagesSpec() : base(new ActorSystemSettings { SerializeMessages = true, MessageRoundTrip = FakeCodec })
    {
    }

    public sealed record Payload(int Value, bool RoundTripped = false);

    public sealed record LocalOnly(int Value) : INoSerializationVerificationNeeded;

    public sealed record Unserializable;

    /// <summary>Stands in for the codec: marks payloads as copied, rejects one type, passes the rest.</summary>
    private static object FakeCodec(object message) => message switch
    {
        Payload p => p with { RoundTripped = true },
        Unserializable => throw new NotSupportedException("no serializer for Unserializable"),
        _ => message,
    };

    [Fact]
    public void Tell_SerializeMessagesOn_ActorReceivesRoundTrippedCopy()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var sent = new Payload(7);
        echo.Tell(sent, TestActor);
        var received = ExpectMsg<Payload>();
        Assert.True(received.RoundTripped);
        Assert.NotSame(sent, received);
    }

    [Fact]
    public void Tell_NoSerializationVerificationNeeded_PassesSameInstance()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var sent = new LocalOnly(3);
        echo.Tell(sent, TestActor);
        Assert.Same(sent, ExpectMsg<LocalOnly>());
    }

    [Fact]
    public void Tell_CodecRejectsMessage_ThrowsAtSender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Assert.Throws<NotSupportedException>(() => echo.Tell(new Unserializable(), TestActor));
    }

    [Fact]
    public void Create_SerializeMessagesWithoutCodec_ThrowsConfigurationException() =>
        Assert.Throws<ConfigurationException>(() => ActorSystem.Create("nocodec", new ActorSystemSettings { SerializeMessages = true }));
}

using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

public sealed class MessageRegistryTests
{
    [Fact]
    public void Serialize_Greeting_IsArrayOfTypeIdAndBody()
    {
        byte[] bytes = TestRegistry.Create().Serialize(new Greeting("hi"));

        Assert.Equal(Convert.FromHexString("9203a26869"), bytes);
    }

    [Fact]
    public void Deserialize_SerializedMessage_EqualMessage()
    {
        MessageRegistry registry = TestRegistry.Create();
        var chunk = new GradientChunk(1L << 40, 3, [1.5f, -2f, float.NaN]);

        var back = Assert.IsType<GradientChunk>(registry.Deserialize(registry.Serialize(chunk)));

        Assert.True(chunk.SameAs(back));
    }

    [Fact]
    public void Deserialize_UnknownTypeId_ThrowsUnknownMessageType()
    {
        var e = Assert.Throws<UnknownMessageTypeException>(() => TestRegistry.Create().Deserialize(Convert.FromHexString("9263a26869")));

        Assert.Equal(99, e.TypeId);
        Assert.Equal(MessagePackErrorReason.UnknownTypeId, e.Reason);
    }

    [Theory]
    [InlineData("93030000", MessagePackErrorReason.InvalidEnvelope)]
    [InlineData("9203a26869c0", MessagePackErrorReason.TrailingBytes)]
    [InlineData("9211920102", MessagePackErrorReason.InvalidMessage)]
    [InlineData("921193010203", MessagePackErrorReason.UnexpectedType)]
    [InlineData("9211930102c403000000", MessagePackErrorReason.InvalidTensorLength)]
    [InlineData("92a17803", MessagePackErrorReason.UnexpectedType)]
    public void Deserialize_MalformedMessage_ThrowsFormatException(string hex, MessagePackErrorReason reason)
    {
        var e = Assert.ThrowsAny<MessagePackFormatException>(() => TestRegistry.Create().Deserialize(Convert.FromHexString(hex)));

        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void Register_DuplicateIdOrType_Throws()
    {
        MessageRegistry registry = TestRegistry.Create();

        Assert.Throws<ArgumentException>(() => registry.Register(TestRegistry.GreetingId, new GradientChunkSerializer()));
        Assert.Throws<ArgumentException>(() => registry.Register(1000, new GreetingSerializer()));
    }

    [Fact]
    public void Serialize_UnregisteredType_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => TestRegistry.Create().Serialize("not registered"));

    [Fact]
    public void TryGetTypeId_RegisteredAndNot_ReportsId()
    {
        MessageRegistry registry = TestRegistry.Create();

        Assert.True(registry.TryGetTypeId(typeof(GradientChunk), out int id));
        Assert.Equal(TestRegistry.GradientChunkId, id);
        Assert.False(registry.TryGetTypeId(typeof(string), out _));
    }

    [Fact]
    public void RoundTrip_Message_ReturnsEqualButDistinctInstance()
    {
        var roundTrip = new MessageRoundTrip(TestRegistry.Create());
        var chunk = new GradientChunk(7, 1, [0.25f, 4f]);

        var back = Assert.IsType<GradientChunk>(roundTrip.RoundTrip(chunk));

        Assert.True(chunk.SameAs(back));
        Assert.NotSame(chunk.Values, back.Values);
    }
}

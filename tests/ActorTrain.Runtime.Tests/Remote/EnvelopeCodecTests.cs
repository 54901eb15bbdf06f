using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

public sealed class EnvelopeCodecTests
{
    private const string Shard = "actortrain://train@10.0.0.2:4000/user/ps/shard-0";
    private const string Worker = "actortrain://train@10.0.0.3:4000/user/worker-1";

    [Fact]
    public void Encode_EnvelopeWithoutSender_ArrayOfIdRecipientNilBody()
    {
        var codec = new EnvelopeCodec(TestRegistry.Create());

        byte[] bytes = codec.Encode(codec.Address("a/b", null, new Greeting("hi")));

        Assert.Equal(Convert.FromHexString("9403a3612f62c0a26869"), bytes);
    }

    [Fact]
    public void Decode_EncodedEnvelope_SameFields()
    {
        var codec = new EnvelopeCodec(TestRegistry.Create());
        var chunk = new GradientChunk(12, 2, Enumerable.Range(0, 1000).Select(i => i * 0.5f).ToArray());

        Envelope back = codec.Decode(codec.Encode(codec.Address(Shard, Worker, chunk)));

        Assert.Equal((TestRegistry.GradientChunkId, Shard, Worker), (back.TypeId, back.RecipientPath, back.SenderPath));
        Assert.True(chunk.SameAs(Assert.IsType<GradientChunk>(back.Message)));
    }

    [Fact]
    public void Encode_TypeIdNotMatchingMessage_ThrowsArgumentException()
    {
        var codec = new EnvelopeCodec(TestRegistry.Create());

        Assert.Throws<ArgumentException>(() => codec.Encode(new Envelope(TestRegistry.GradientChunkId, Shard, null, new Greeting("x"))));
    }

    [Theory]
    [InlineData("9303a3612f62c0", MessagePackErrorReason.InvalidEnvelope)]
    [InlineData("a3612f62", MessagePackErrorReason.InvalidEnvelope)]
    [InlineData("9403a3612f6205a26869", MessagePackErrorReason.UnexpectedType)]
    [InlineData("9407a3612f62c0a26869", MessagePackErrorReason.UnknownTypeId)]
    [InlineData("9403a3612f62c0a26869c0", MessagePackErrorReason.TrailingBytes)]
    [InlineData("9403a3612f62c0a268", MessagePackErrorReason.LengthExceedsInput)]
    public void Decode_MalformedEnvelope_ThrowsFormatException(string hex, MessagePackErrorReason reason)
    {
        var codec = new EnvelopeCodec(TestRegistry.Create());

        var e = Assert.ThrowsAny<MessagePackFormatException>(() => codec.Decode(Convert.FromHexString(hex)));

        Assert.Equal(reason, e.Reason);
    }
}

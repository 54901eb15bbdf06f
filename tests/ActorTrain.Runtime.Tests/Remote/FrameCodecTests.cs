using System.Buffers;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

public sealed class FrameCodecTests
{
    [Fact]
    public void WriteFrame_Payload_LittleEndianLengthThenPayload()
    {
        var output = new ArrayBufferWriter<byte>();

        new FrameCodec(1024).WriteFrame(output, [0x92, 0x01, 0xc0]);

        Assert.Equal(Convert.FromHexString("0300000092" + "01c0"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void TryReadFrame_TwoFramesSplitAcrossSegments_YieldsBothThenWaits()
    {
        byte[] stream = Convert.FromHexString("01000000c0" + "02000000a0c3" + "0500");
        ReadOnlySequence<byte> buffer = Segmented(stream, 3);
        var codec = new FrameCodec(16);

        Assert.True(codec.TryReadFrame(ref buffer, out ReadOnlySequence<byte> first));
        Assert.True(codec.TryReadFrame(ref buffer, out ReadOnlySequence<byte> second));
        Assert.False(codec.TryReadFrame(ref buffer, out _));

        Assert.Equal([0xc0], first.ToArray());
        Assert.Equal([0xa0, 0xc3], second.ToArray());
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_IncompletePayload_ReturnsFalseAndKeepsBuffer()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("04000000c0c0"));

        Assert.False(new FrameCodec(16).TryReadFrame(ref buffer, out _));
        Assert.Equal(6, buffer.Length);
    }

    [Theory]
    [InlineData("11000000", 17L)]
    [InlineData("ffffffff", 4294967295L)]
    [InlineData("00000000", 0L)]
    public void TryReadFrame_DeclaredLengthOutOfBounds_ThrowsBeforePayloadArrives(string header, long declared)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(header));

        var e = Assert.Throws<FrameLengthException>(() => new FrameCodec(16).TryReadFrame(ref buffer, out _));

        Assert.Equal(declared, e.DeclaredLength);
        Assert.Equal(MessagePackErrorReason.InvalidFrameLength, e.Reason);
    }

    [Fact]
    public void TryReadFrame_ExactlyMaxFrameSize_Accepted()
    {
        var buffer = new ReadOnlySequence<byte>([.. Convert.FromHexString("10000000"), .. new byte[16]]);

        Assert.True(new FrameCodec(16).TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame));
        Assert.Equal(16, frame.Length);
    }

    [Fact]
    public void WriteFrame_PayloadAboveMax_Throws() =>
        Assert.Throws<FrameLengthException>(() => new FrameCodec(2).WriteFrame(new ArrayBufferWriter<byte>(), [1, 2, 3]));

    [Fact]
    public void WriteFrame_Envelope_DecodesBackThroughFrameAndEnvelope()
    {
        var envelopes = new EnvelopeCodec(TestRegistry.Create());
        var frames = new FrameCodec(1 << 20);
        var output = new ArrayBufferWriter<byte>();

        frames.WriteFrame(output, envelopes, envelopes.Address("x", "y", new Greeting("hello")));
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(frames.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame));

        Assert.Equal(new Greeting("hello"), envelopes.Decode(frame).Message);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void DecodeSequence_FrameSplitAcrossSegments_SameEnvelope()
    {
        var envelopes = new EnvelopeCodec(TestRegistry.Create());
        var chunk = new GradientChunk(5, 1, Enumerable.Range(0, 100).Select(i => i * 1.25f).ToArray());
        var output = new ArrayBufferWriter<byte>();
        new FrameCodec(1 << 20).WriteFrame(output, envelopes, envelopes.Address("to", null, chunk));
        ReadOnlySequence<byte> buffer = Segmented(output.WrittenSpan.ToArray(), 7);

        Assert.True(new FrameCodec(1 << 20).TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame));
        Assert.False(frame.IsSingleSegment);
        Envelope back = envelopes.Decode(frame);

        Assert.True(chunk.SameAs(Assert.IsType<GradientChunk>(back.Message)));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        Segment last = first;
        for (int offset = segmentSize; offset < bytes.Length; offset += segmentSize)
            last = last.Append(bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Frames on a byte stream: a little-endian u32 payload length, then the payload (one MessagePack value).
/// A declared length of zero or above <see cref="MaxFrameSize"/> throws <see cref="FrameLengthException"/> before any byte
/// of the payload is awaited, so a hostile peer cannot make the reader buffer gigabytes.
/// </summary>
public sealed class FrameCodec
{
    public const int HeaderSize = sizeof(uint);

    public FrameCodec(int maxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1);
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>Largest payload accepted, in bytes (the header not included).</summary>
    public int MaxFrameSize { get; }

    /// <summary>
    /// Takes one whole frame's payload from the front of <paramref name="buffer"/> and advances past it,
    /// or returns false and leaves <paramref name="buffer"/> as it was when the frame is not complete yet.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < HeaderSize)
            return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length == 0 || length > MaxFrameSize)
            throw new FrameLengthException(length, MaxFrameSize);
        if (buffer.Length - HeaderSize < length)
            return false;
        frame = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Writes <paramref name="payload"/> as one frame.</summary>
    public void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        CheckOutgoing(payload.Length);
        Span<byte> header = output.GetSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        output.Advance(HeaderSize);
        payload.CopyTo(output.GetSpan(payload.Length));
        output.Advance(payload.Length);
    }

    /// <summary>Encodes <paramref name="envelope"/> as one frame; a message larger than a frame must be split by the sender first.</summary>
    public void WriteFrame(IBufferWriter<byte> output, EnvelopeCodec codec, Envelope envelope)
    {
        var payload = new ArrayBufferWriter<byte>();
        codec.Encode(envelope, payload);
        WriteFrame(output, payload.WrittenSpan);
    }

    private void CheckOutgoing(int length)
    {
        if (length == 0 || length > MaxFrameSize)
            throw new FrameLengthException(length, MaxFrameSize);
    }
}

using System.Buffers;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>Encodes and decodes <see cref="Envelope"/>s, with bodies written by the <see cref="MessageRegistry"/>.</summary>
public sealed class EnvelopeCodec(MessageRegistry registry)
{
    private const int FieldCount = 4;

    private readonly MessageRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <summary>Builds an envelope whose type id is the one registered for <paramref name="message"/>'s type.</summary>
    public Envelope Address(string recipientPath, string? senderPath, object message) =>
        new(_registry.GetTypeId(message), recipientPath, senderPath, message);

    public byte[] Encode(Envelope envelope)
    {
        var output = new ArrayBufferWriter<byte>();
        Encode(envelope, output);
        return output.WrittenSpan.ToArray();
    }

    public void Encode(Envelope envelope, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        int registered = _registry.GetTypeId(envelope.Message);
        if (registered != envelope.TypeId)
            throw new ArgumentException(
                $"envelope says type id {envelope.TypeId} but {envelope.Message.GetType()} is registered as {registered}", nameof(envelope));
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(FieldCount);
        writer.WriteInt32(envelope.TypeId);
        writer.WriteString(envelope.RecipientPath);
        if (envelope.SenderPath is null)
            writer.WriteNil();
        else
            writer.WriteString(envelope.SenderPath);
        _registry.WriteBody(ref writer, envelope.Message);
    }

    /// <summary>Decodes a frame's payload; a payload split across buffer segments is first copied into one pooled block.</summary>
    public Envelope Decode(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
            return Decode(frame.FirstSpan);
        int length = checked((int)frame.Length);
        byte[] block = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(block);
            // Safe to return the block afterwards: serializers cannot keep spans, so the message owns copies of what it read.
            return Decode(block.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Decodes one envelope that fills the whole of <paramref name="bytes"/> (one frame's payload).</summary>
    public Envelope Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new MessagePackReader(bytes, _registry.ReaderOptions);
        if (reader.PeekType() != MessagePackType.Array || reader.ReadArrayHeader() != FieldCount)
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidEnvelope,
                "an envelope is [type-id, recipient-path, sender-path or nil, body]", 0);
        int typeId = reader.ReadInt32();
        string recipient = reader.ReadString();
        string? sender = reader.TryReadNil() ? null : reader.ReadString();
        object message = _registry.ReadBody(typeId, ref reader);
        MessageRegistry.ExpectEnd(ref reader);
        return new Envelope(typeId, recipient, sender, message);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Writes MessagePack values into an <see cref="IBufferWriter{T}"/>, always choosing the shortest encoding
/// (the same bytes as python msgpack with use_bin_type=True). Floats are written at the width asked for.
/// </summary>
public readonly ref struct MessagePackWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output ?? throw new ArgumentNullException(nameof(output));

    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    public void WriteBool(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
            return;
        }
        if (value >= -32)
            WriteCode(unchecked((byte)value));
        else if (value >= sbyte.MinValue)
            WriteSmall(MessagePackCode.Int8, unchecked((byte)value));
        else if (value >= short.MinValue)
            Write16(MessagePackCode.Int16, unchecked((ushort)value));
        else if (value >= int.MinValue)
            Write32(MessagePackCode.Int32, unchecked((uint)value));
        else
            Write64(MessagePackCode.Int64, unchecked((ulong)value));
    }

    public void WriteUInt64(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt)
            WriteCode((byte)value);
        else if (value <= byte.MaxValue)
            WriteSmall(MessagePackCode.UInt8, (byte)value);
        else if (value <= ushort.MaxValue)
            Write16(MessagePackCode.UInt16, (ushort)value);
        else if (value <= uint.MaxValue)
            Write32(MessagePackCode.UInt32, (uint)value);
        else
            Write64(MessagePackCode.UInt64, value);
    }

    public void WriteInt32(int value) => WriteInt64(value);

    public void WriteSingle(float value) => Write32(MessagePackCode.Float32, BitConverter.SingleToUInt32Bits(value));

    public void WriteDouble(double value) => Write64(MessagePackCode.Float64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes a str value, encoding UTF-8 straight into the output.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        Span<byte> body = _output.GetSpan(byteCount);
        Encoding.UTF8.GetBytes(value, body);
        _output.Advance(byteCount);
    }

    /// <summary>Writes a str value from bytes the caller vouches are UTF-8.</summary>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= MessagePackCode.FixStrMaxBytes)
            WriteCode((byte)(MessagePackCode.MinFixStr | byteCount));
        else
            WriteLength(MessagePackCode.Str8, (uint)byteCount);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        WriteRaw(value);
    }

    public void WriteBinaryHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        WriteLength(MessagePackCode.Bin8, (uint)byteCount);
    }

    /// <summary>Writes a float32 tensor as one bin of little-endian floats, by a bulk copy.</summary>
    public void WriteFloats(ReadOnlySpan<float> values)
    {
        int byteCount = checked(values.Length * sizeof(float));
        WriteBinaryHeader(byteCount);
        Span<byte> body = _output.GetSpan(byteCount)[..byteCount];
        LittleEndianFloats.Encode(values, body, BitConverter.IsLittleEndian);
        _output.Advance(byteCount);
    }

    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteArrayHeader((uint)count);
    }

    public void WriteArrayHeader(uint count)
    {
        if (count <= MessagePackCode.FixArrayMaxCount)
            WriteCode((byte)(MessagePackCode.MinFixArray | count));
        else
            WriteLength16Or32(MessagePackCode.Array16, count);
    }

    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteMapHeader((uint)count);
    }

    public void WriteMapHeader(uint count)
    {
        if (count <= MessagePackCode.FixMapMaxCount)
            WriteCode((byte)(MessagePackCode.MinFixMap | count));
        else
            WriteLength16Or32(MessagePackCode.Map16, count);
    }

    /// <summary>Writes the header of an ext value; the caller then writes exactly <paramref name="byteCount"/> bytes with <see cref="WriteRaw"/>.</summary>
    public void WriteExtensionHeader(sbyte typeCode, int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        byte fixCode = byteCount switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
            WriteSmall(fixCode, unchecked((byte)typeCode));
        else
        {
            WriteLength(MessagePackCode.Ext8, (uint)byteCount);
            WriteCode(unchecked((byte)typeCode));
        }
    }

    public void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(typeCode, data.Length);
        WriteRaw(data);
    }

    /// <summary>Writes the timestamp extension in its shortest form: 32-bit seconds; 30-bit nanoseconds + 34-bit seconds; or 96-bit.</summary>
    public void WriteTimestamp(MessagePackTimestamp value)
    {
        Span<byte> body = stackalloc byte[12];
        int length;
        if ((value.Seconds >> 34) != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, value.Nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(body[4..], value.Seconds);
            length = 12;
        }
        else if (value.Nanoseconds == 0 && (value.Seconds >> 32) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, (uint)value.Seconds);
            length = 4;
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(body, ((ulong)value.Nanoseconds << 34) | (ulong)value.Seconds);
            length = 8;
        }
        WriteExtension(MessagePackTimestamp.ExtensionType, body[..length]);
    }

    /// <summary>Copies bytes as they are; only for the payload announced by a header written just before.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>Writes a bin/str/ext length with the 8-, 16- or 32-bit code; <paramref name="code8"/> is followed by its 16 and 32 variants.</summary>
    private void WriteLength(byte code8, uint length)
    {
        if (length <= byte.MaxValue)
            WriteSmall(code8, (byte)length);
        else
            WriteLength16Or32((byte)(code8 + 1), length);
    }

    private void WriteLength16Or32(byte code16, uint length)
    {
        if (length <= ushort.MaxValue)
            Write16(code16, (ushort)length);
        else
            Write32((byte)(code16 + 1), length);
    }

    private void WriteCode(byte code)
    {
        _output.GetSpan(1)[0] = code;
        _output.Advance(1);
    }

    private void WriteSmall(byte code, byte value)
    {
        Span<byte> span = _output.GetSpan(2);
        span[0] = code;
        span[1] = value;
        _output.Advance(2);
    }

    private void Write16(byte code, ushort payload)
    {
        Span<byte> span = _output.GetSpan(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], payload);
        _output.Advance(3);
    }

    private void Write32(byte code, uint payload)
    {
        Span<byte> span = _output.GetSpan(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], payload);
        _output.Advance(5);
    }

    private void Write64(byte code, ulong payload)
    {
        Span<byte> span = _output.GetSpan(9);
        span[0] = code;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], payload);
        _output.Advance(9);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Reads MessagePack values from a span of untrusted bytes. Every declared length is checked against the bytes left and the
/// <see cref="MessagePackReaderOptions"/> limits before anything is sliced or allocated, and every failure is a
/// <see cref="MessagePackFormatException"/>. A typed read of the wrong type leaves <see cref="Position"/> where it was.
/// </summary>
public ref partial struct MessagePackReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    /// <summary>Null only in a default-constructed reader, which then reads an empty input under the default limits.</summary>
    private readonly MessagePackReaderOptions? _options;
    private int _position;

    public MessagePackReader(ReadOnlySpan<byte> buffer, MessagePackReaderOptions? options = null)
    {
        _buffer = buffer;
        _options = options;
    }

    public readonly MessagePackReaderOptions Options => _options ?? MessagePackReaderOptions.Default;

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool End => _position >= _buffer.Length;

    public readonly MessagePackType PeekType() => TypeOf(PeekCode(), _position);

    public void ReadNil()
    {
        if (!TryReadNil())
            throw UnexpectedType(MessagePackType.Nil, _position);
    }

    public bool TryReadNil()
    {
        if (PeekCode() != MessagePackCode.Nil)
            return false;
        _position++;
        return true;
    }

    public bool ReadBool()
    {
        byte code = PeekCode();
        if (code is not (MessagePackCode.True or MessagePackCode.False))
            throw UnexpectedType(MessagePackType.Boolean, _position);
        _position++;
        return code == MessagePackCode.True;
    }

    public long ReadInt64()
    {
        int start = _position;
        Int128 value = ReadInteger();
        if (value < long.MinValue || value > long.MaxValue)
            throw Overflow<long>(start);
        return (long)value;
    }

    public ulong ReadUInt64()
    {
        int start = _position;
        Int128 value = ReadInteger();
        if (value < 0)
            throw Overflow<ulong>(start);
        return (ulong)value;
    }

    public int ReadInt32()
    {
        int start = _position;
        Int128 value = ReadInteger();
        if (value < int.MinValue || value > int.MaxValue)
            throw Overflow<int>(start);
        return (int)value;
    }

    /// <summary>Reads a float32; a float64 is refused rather than silently rounded.</summary>
    public float ReadSingle()
    {
        if (PeekCode() != MessagePackCode.Float32)
            throw UnexpectedType(MessagePackType.Float, _position);
        _position++;
        return BitConverter.UInt32BitsToSingle(BinaryPrimitives.ReadUInt32BigEndian(TakeFixed(4)));
    }

    /// <summary>Reads a float64, or a float32 widened exactly.</summary>
    public double ReadDouble()
    {
        byte code = PeekCode();
        if (code == MessagePackCode.Float32)
            return ReadSingle();
        if (code != MessagePackCode.Float64)
            throw UnexpectedType(MessagePackType.Float, _position);
        _position++;
        return BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64BigEndian(TakeFixed(8)));
    }

    public string ReadString()
    {
        int start = _position;
        ReadOnlySpan<byte> utf8 = ReadStringUtf8();
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidUtf8, "str value is not valid UTF-8", start, e);
        }
    }

    /// <summary>Returns the undecoded bytes of a str value (a slice of the input, not validated as UTF-8).</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        int start = _position;
        byte code = PeekCode();
        long length;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            _position++;
            length = code & MessagePackCode.FixStrMaxBytes;
        }
        else if (code is >= MessagePackCode.Str8 and <= MessagePackCode.Str32)
            length = ReadLengthAfterCode(code - MessagePackCode.Str8);
        else
            throw UnexpectedType(MessagePackType.String, start);
        return TakeDeclared(length, Options.MaxStringBytes, start);
    }

    /// <summary>Returns the payload of a bin value as a slice of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        int start = _position;
        byte code = PeekCode();
        if (code is < MessagePackCode.Bin8 or > MessagePackCode.Bin32)
            throw UnexpectedType(MessagePackType.Binary, start);
        long length = ReadLengthAfterCode(code - MessagePackCode.Bin8);
        return TakeDeclared(length, Options.MaxBinBytes, start);
    }

    /// <summary>Number of floats in the float32 tensor (bin) at the current position, without consuming it.</summary>
    public readonly int ReadFloatsLength()
    {
        MessagePackReader probe = this;
        int start = probe._position;
        int byteCount = probe.ReadBinary().Length;
        if (byteCount % sizeof(float) != 0)
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidTensorLength,
                $"float32 tensor of {byteCount} bytes is not a whole number of floats", start);
        return byteCount / sizeof(float);
    }

    /// <summary>Copies a float32 tensor (bin of little-endian floats) into <paramref name="destination"/>, which must match its length exactly.</summary>
    public void ReadFloats(Span<float> destination)
    {
        int start = _position;
        int count = ReadFloatsLength();
        if (count != destination.Length)
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidTensorLength,
                $"float32 tensor holds {count} floats, destination {destination.Length}", start);
        LittleEndianFloats.Decode(ReadBinary(), destination, BitConverter.IsLittleEndian);
    }

    /// <summary>Reads a float32 tensor into a new array; the allocation is bounded by the input's length.</summary>
    public float[] ReadFloats()
    {
        var values = new float[ReadFloatsLength()];
        ReadFloats(values);
        return values;
    }

    /// <summary>Reads an array header; the count is checked against the limit and against the bytes left (each element takes at least one).</summary>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray)
        {
            _position++;
            count = code & MessagePackCode.FixArrayMaxCount;
        }
        else if (code is MessagePackCode.Array16 or MessagePackCode.Array32)
            count = ReadLengthAfterCode(code - MessagePackCode.Array16 + 1);
        else
            throw UnexpectedType(MessagePackType.Array, start);
        return CheckCount(count, 1, start);
    }

    /// <summary>Reads a map header (number of key/value pairs), checked like <see cref="ReadArrayHeader"/> with two bytes per pair.</summary>
    public int ReadMapHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap)
        {
            _position++;
            count = code & MessagePackCode.FixMapMaxCount;
        }
        else if (code is MessagePackCode.Map16 or MessagePackCode.Map32)
            count = ReadLengthAfterCode(code - MessagePackCode.Map16 + 1);
        else
            throw UnexpectedType(MessagePackType.Map, start);
        return CheckCount(count, 2, start);
    }

    /// <summary>Reads an ext header; the payload (already checked to be present) follows and is read with <see cref="ReadRaw"/>.</summary>
    public MessagePackExtensionHeader ReadExtensionHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            >= MessagePackCode.Ext8 and <= MessagePackCode.Ext32 => -1,
            _ => throw UnexpectedType(MessagePackType.Extension, start),
        };
        if (length < 0)
            length = ReadLengthAfterCode(code - MessagePackCode.Ext8);
        else
            _position++;
        sbyte typeCode = unchecked((sbyte)TakeFixed(1)[0]);
        CheckDeclared(length, Options.MaxBinBytes, start);
        return new MessagePackExtensionHeader(typeCode, (int)length);
    }

    /// <summary>Reads a whole ext value, returning its payload as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadExtension(out sbyte typeCode)
    {
        MessagePackExtensionHeader header = ReadExtensionHeader();
        typeCode = header.TypeCode;
        return ReadRaw(header.Length);
    }

    public MessagePackTimestamp ReadTimestamp()
    {
        int start = _position;
        MessagePackReader probe = this;
        MessagePackExtensionHeader header = probe.ReadExtensionHeader();
        if (header.TypeCode != MessagePackTimestamp.ExtensionType)
            throw UnexpectedType(MessagePackType.Extension, start);
        this = probe;
        ReadOnlySpan<byte> data = ReadRaw(header.Length);
        (long seconds, ulong nanoseconds) = data.Length switch
        {
            4 => (BinaryPrimitives.ReadUInt32BigEndian(data), 0UL),
            8 => ((long)(BinaryPrimitives.ReadUInt64BigEndian(data) & 0x3_FFFF_FFFFUL), BinaryPrimitives.ReadUInt64BigEndian(data) >> 34),
            12 => (BinaryPrimitives.ReadInt64BigEndian(data[4..]), BinaryPrimitives.ReadUInt32BigEndian(data)),
            _ => throw new MessagePackFormatException(MessagePackErrorReason.InvalidTimestamp,
                $"timestamp payload of {data.Length} bytes; expected 4, 8 or 12", start),
        };
        if (nanoseconds >= 1_000_000_000)
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidTimestamp,
                $"timestamp nanoseconds {nanoseconds} out of range", start);
        return new MessagePackTimestamp(seconds, (uint)nanoseconds);
    }

    /// <summary>Takes the next <paramref name="count"/> bytes as they are, e.g. an ext payload after its header.</summary>
    public ReadOnlySpan<byte> ReadRaw(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return TakeFixed(count);
    }

    /// <summary>Skips one whole value, however nested, checking depth and every length on the way.</summary>
    public void Skip() => SkipValue(0);
}

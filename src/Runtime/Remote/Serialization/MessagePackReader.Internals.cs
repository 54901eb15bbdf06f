using System.Buffers.Binary;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>Bounds-checked primitives shared by the typed reads, and the exceptions they throw.</summary>
public ref partial struct MessagePackReader
{
    private readonly byte PeekCode()
    {
        if (_position >= _buffer.Length)
            throw new MessagePackFormatException(MessagePackErrorReason.Truncated, "input ends where a value was expected", _position);
        return _buffer[_position];
    }

    internal readonly bool PeekIsSingle() => PeekCode() == MessagePackCode.Float32;

    private static MessagePackType TypeOf(byte code, int position) => code switch
    {
        <= MessagePackCode.MaxPositiveFixInt => MessagePackType.Integer,
        <= MessagePackCode.MaxFixMap => MessagePackType.Map,
        <= MessagePackCode.MaxFixArray => MessagePackType.Array,
        <= MessagePackCode.MaxFixStr => MessagePackType.String,
        MessagePackCode.Nil => MessagePackType.Nil,
        MessagePackCode.NeverUsed => throw new MessagePackFormatException(MessagePackErrorReason.ReservedCode,
            "reserved code 0xc1", position),
        MessagePackCode.False or MessagePackCode.True => MessagePackType.Boolean,
        <= MessagePackCode.Bin32 => MessagePackType.Binary,
        <= MessagePackCode.Ext32 => MessagePackType.Extension,
        <= MessagePackCode.Float64 => MessagePackType.Float,
        <= MessagePackCode.Int64 => MessagePackType.Integer,
        <= MessagePackCode.FixExt16 => MessagePackType.Extension,
        <= MessagePackCode.Str32 => MessagePackType.String,
        <= MessagePackCode.Array32 => MessagePackType.Array,
        <= MessagePackCode.Map32 => MessagePackType.Map,
        _ => MessagePackType.Integer,
    };

    /// <summary>Reads any integer encoding; Int128 holds every value from int64.MinValue to uint64.MaxValue, so callers range-check once.</summary>
    internal Int128 ReadInteger()
    {
        int start = _position;
        byte code = PeekCode();
        if (code <= MessagePackCode.MaxPositiveFixInt || code >= MessagePackCode.MinNegativeFixInt)
        {
            _position++;
            return unchecked((sbyte)code);
        }
        if (code is < MessagePackCode.UInt8 or > MessagePackCode.Int64)
            throw UnexpectedType(MessagePackType.Integer, start);
        _position++;
        return code switch
        {
            MessagePackCode.UInt8 => TakeFixed(1)[0],
            MessagePackCode.UInt16 => BinaryPrimitives.ReadUInt16BigEndian(TakeFixed(2)),
            MessagePackCode.UInt32 => BinaryPrimitives.ReadUInt32BigEndian(TakeFixed(4)),
            MessagePackCode.UInt64 => BinaryPrimitives.ReadUInt64BigEndian(TakeFixed(8)),
            MessagePackCode.Int8 => unchecked((sbyte)TakeFixed(1)[0]),
            MessagePackCode.Int16 => BinaryPrimitives.ReadInt16BigEndian(TakeFixed(2)),
            MessagePackCode.Int32 => BinaryPrimitives.ReadInt32BigEndian(TakeFixed(4)),
            _ => BinaryPrimitives.ReadInt64BigEndian(TakeFixed(8)),
        };
    }

    /// <summary>Consumes a code byte and the 8-, 16- or 32-bit big-endian length after it (<paramref name="width"/> 0, 1 or 2).</summary>
    private long ReadLengthAfterCode(int width)
    {
        _position++;
        return width switch
        {
            0 => TakeFixed(1)[0],
            1 => BinaryPrimitives.ReadUInt16BigEndian(TakeFixed(2)),
            _ => BinaryPrimitives.ReadUInt32BigEndian(TakeFixed(4)),
        };
    }

    /// <summary>Takes bytes whose count the format fixes (payload of a number, a length field); running out means truncation.</summary>
    private ReadOnlySpan<byte> TakeFixed(int count)
    {
        if (count > Remaining)
            throw new MessagePackFormatException(MessagePackErrorReason.Truncated,
                $"needs {count} more bytes, {Remaining} left", _position);
        ReadOnlySpan<byte> slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Takes a payload whose length the input declared: checked against the bytes left, then the limit.</summary>
    private ReadOnlySpan<byte> TakeDeclared(long length, int limit, int start)
    {
        CheckDeclared(length, limit, start);
        return TakeFixed((int)length);
    }

    private readonly void CheckDeclared(long length, int limit, int start)
    {
        if (length > Remaining)
            throw LengthExceedsInput(length, start);
        if (length > limit)
            throw LengthExceedsLimit(length, limit, start);
    }

    private readonly int CheckCount(long count, int minBytesPerItem, int start)
    {
        if (count * minBytesPerItem > Remaining)
            throw LengthExceedsInput(count, start);
        if (count > Options.MaxCollectionLength)
            throw LengthExceedsLimit(count, Options.MaxCollectionLength, start);
        return (int)count;
    }

    private void SkipValue(int depth)
    {
        switch (PeekType())
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _position++;
                break;
            case MessagePackType.Integer:
                ReadInteger();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringUtf8();
                break;
            case MessagePackType.Binary:
                ReadBinary();
                break;
            case MessagePackType.Extension:
                ReadExtension(out _);
                break;
            case MessagePackType.Array:
                EnterContainer(depth);
                for (int i = ReadArrayHeader(); i > 0; i--)
                    SkipValue(depth + 1);
                break;
            case MessagePackType.Map:
                EnterContainer(depth);
                for (long i = 2L * ReadMapHeader(); i > 0; i--)
                    SkipValue(depth + 1);
                break;
        }
    }

    /// <summary>Throws when a container at <paramref name="depth"/> enclosing containers would exceed <see cref="MessagePackReaderOptions.MaxDepth"/>.</summary>
    internal readonly void EnterContainer(int depth)
    {
        if (depth >= Options.MaxDepth)
            throw new MessagePackFormatException(MessagePackErrorReason.DepthExceeded,
                $"nesting deeper than {Options.MaxDepth}", _position);
    }

    /// <summary>Builds the exception for a value of the wrong type at <paramref name="position"/> (a byte known to exist).</summary>
    private readonly MessagePackFormatException UnexpectedType(MessagePackType expected, int position)
    {
        byte code = _buffer[position];
        return code == MessagePackCode.NeverUsed
            ? new(MessagePackErrorReason.ReservedCode, "reserved code 0xc1", position)
            : new(MessagePackErrorReason.UnexpectedType, $"expected {expected}, found code 0x{code:x2}", position);
    }

    private static MessagePackFormatException Overflow<T>(int position) =>
        new(MessagePackErrorReason.IntegerOverflow, $"integer does not fit {typeof(T).Name}", position);

    private static MessagePackFormatException LengthExceedsLimit(long length, int limit, int position) =>
        new(MessagePackErrorReason.LengthExceedsLimit, $"declared length {length} exceeds the limit {limit}", position);

    private readonly MessagePackFormatException LengthExceedsInput(long length, int position) =>
        new(MessagePackErrorReason.LengthExceedsInput, $"declared length {length} exceeds the {Remaining} bytes left", position);
}

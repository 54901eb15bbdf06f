namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Reads any MessagePack value into plain objects, for diagnostics (dumping a refused frame) and for tests.
/// Mapping: nil → null, bool, integers → long (ulong only above long.MaxValue), float32 → float, float64 → double, str → string,
/// bin → byte[], array → object?[], map → KeyValuePair&lt;object?, object?&gt;[] in wire order, timestamp → <see cref="MessagePackTimestamp"/>,
/// other ext → <see cref="MessagePackExtension"/>. Depth is bounded by the reader's MaxDepth; every allocation by the input's length.
/// </summary>
public static class MessagePackObjects
{
    public static object? Read(ref MessagePackReader reader) => Read(ref reader, 0);

    private static object? Read(ref MessagePackReader reader, int depth)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBool();
            case MessagePackType.Integer:
                Int128 integer = reader.ReadInteger();
                return integer > long.MaxValue ? (ulong)integer : (long)integer;
            case MessagePackType.Float:
                return reader.PeekIsSingle() ? (object)reader.ReadSingle() : reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Binary:
                return reader.ReadBinary().ToArray();
            case MessagePackType.Array:
                reader.EnterContainer(depth);
                var items = new object?[reader.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                    items[i] = Read(ref reader, depth + 1);
                return items;
            case MessagePackType.Map:
                reader.EnterContainer(depth);
                var pairs = new KeyValuePair<object?, object?>[reader.ReadMapHeader()];
                for (int i = 0; i < pairs.Length; i++)
                {
                    object? key = Read(ref reader, depth + 1);
                    pairs[i] = new(key, Read(ref reader, depth + 1));
                }
                return pairs;
            default:
                return ReadExtension(ref reader);
        }
    }

    private static object ReadExtension(ref MessagePackReader reader)
    {
        MessagePackReader probe = reader;
        if (probe.ReadExtensionHeader().TypeCode == MessagePackTimestamp.ExtensionType)
            return reader.ReadTimestamp();
        ReadOnlySpan<byte> data = reader.ReadExtension(out sbyte typeCode);
        return new MessagePackExtension(typeCode, data.ToArray());
    }
}

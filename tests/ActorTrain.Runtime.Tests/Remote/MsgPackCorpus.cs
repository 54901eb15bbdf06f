using ActorTrain.Testing;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>
/// The python3-msgpack corpus written by tools/gen_msgpack_fixtures.py: each case is a value in a tagged JSON notation and the
/// bytes python produced for it. This class rebuilds the value both as writer calls and as the objects <see cref="MessagePackObjects"/> should return.
/// </summary>
internal static class MsgPackCorpus
{
    private static readonly Lazy<IReadOnlyList<(string Notation, byte[] Bytes)>> Cases = new(Load);

    public static IReadOnlyList<(string Notation, byte[] Bytes)> All => Cases.Value;

    public static string Header => File.ReadLines(FixturePath()).First();

    public static IEnumerable<object[]> Indices() => Enumerable.Range(0, All.Count).Select(i => new object[] { i });

    /// <summary>Expands the "hex" / "hh*N" token notation shared by the fixture's payloads and encodings.</summary>
    public static byte[] Untoken(string text)
    {
        var bytes = new List<byte>();
        foreach (string token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = token.Split('*');
            byte[] chunk = Convert.FromHexString(parts[0]);
            int repeat = parts.Length == 2 ? int.Parse(parts[1]) : 1;
            for (int i = 0; i < repeat; i++)
                bytes.AddRange(chunk);
        }
        return bytes.ToArray();
    }

    public static void Write(ref MessagePackWriter writer, JsonElement value)
    {
        switch (value[0].GetString())
        {
            case "nil":
                writer.WriteNil();
                break;
            case "bool":
                writer.WriteBool(value[1].GetBoolean());
                break;
            case "int":
                var integer = BigInteger.Parse(value[1].GetString()!);
                if (integer.Sign < 0)
                    writer.WriteInt64((long)integer);
                else
                    writer.WriteUInt64((ulong)integer);
                break;
            case "f32":
                writer.WriteSingle(BitConverter.UInt32BitsToSingle(Convert.ToUInt32(value[1].GetString(), 16)));
                break;
            case "f64":
                writer.WriteDouble(BitConverter.UInt64BitsToDouble(Convert.ToUInt64(value[1].GetString(), 16)));
                break;
            case "str":
                writer.WriteString(Encoding.UTF8.GetString(Untoken(value[1].GetString()!)));
                break;
            case "bin":
                writer.WriteBinary(Untoken(value[1].GetString()!));
                break;
            case "arr":
                writer.WriteArrayHeader(value[1].GetArrayLength());
                foreach (JsonElement item in value[1].EnumerateArray())
                    Write(ref writer, item);
                break;
            case "f32s":
                writer.WriteFloats(Floats(value));
                break;
            case "arr_rep":
                writer.WriteArrayHeader(value[1].GetInt32());
                for (int i = value[1].GetInt32(); i > 0; i--)
                    Write(ref writer, value[2]);
                break;
            case "map":
                writer.WriteMapHeader(value[1].GetArrayLength());
                foreach (JsonElement pair in value[1].EnumerateArray())
                {
                    Write(ref writer, pair[0]);
                    Write(ref writer, pair[1]);
                }
                break;
            case "map_rep":
                writer.WriteMapHeader(value[1].GetInt32());
                for (int i = value[1].GetInt32(); i > 0; i--)
                {
                    Write(ref writer, value[2]);
                    Write(ref writer, value[3]);
                }
                break;
            case "ext":
                writer.WriteExtension((sbyte)value[1].GetInt32(), Untoken(value[2].GetString()!));
                break;
            case "ts":
                writer.WriteTimestamp(new MessagePackTimestamp(value[1].GetInt64(), value[2].GetUInt32()));
                break;
            default:
                throw new InvalidDataException($"unknown tag in {value}");
        }
    }

    /// <summary>The value as <see cref="MessagePackObjects.Read"/> represents it.</summary>
    public static object? Expected(JsonElement value)
    {
        string body = value.GetArrayLength() > 1 && value[1].ValueKind == JsonValueKind.String ? value[1].GetString()! : "";
        return value[0].GetString() switch
        {
            "nil" => null,
            "bool" => value[1].GetBoolean(),
            "int" => BigInteger.Parse(body) > long.MaxValue ? (object)ulong.Parse(body) : long.Parse(body),
            "f32" => BitConverter.UInt32BitsToSingle(Convert.ToUInt32(body, 16)),
            "f64" => BitConverter.UInt64BitsToDouble(Convert.ToUInt64(body, 16)),
            "str" => Encoding.UTF8.GetString(Untoken(body)),
            "bin" => Untoken(body),
            "arr" => value[1].EnumerateArray().Select(Expected).ToArray(),
            "f32s" => LittleEndianBytes(Floats(value)),
            "arr_rep" => Enumerable.Repeat(Expected(value[2]), value[1].GetInt32()).ToArray(),
            "map" => value[1].EnumerateArray().Select(p => new KeyValuePair<object?, object?>(Expected(p[0]), Expected(p[1]))).ToArray(),
            "map_rep" => Enumerable.Repeat(new KeyValuePair<object?, object?>(Expected(value[2]), Expected(value[3])), value[1].GetInt32()).ToArray(),
            "ext" => new MessagePackExtension((sbyte)value[1].GetInt32(), Untoken(value[2].GetString()!)),
            "ts" => new MessagePackTimestamp(value[1].GetInt64(), value[2].GetUInt32()),
            _ => throw new InvalidDataException($"unknown tag in {value}"),
        };
    }

    /// <summary>The floats of an ["f32s", [bits, ...]] case.</summary>
    public static float[] Floats(JsonElement value) =>
        value[1].EnumerateArray().Select(bits => BitConverter.UInt32BitsToSingle(Convert.ToUInt32(bits.GetString(), 16))).ToArray();

    private static byte[] LittleEndianBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return bytes;
    }

    /// <summary>Structural equality over the object shapes above; floats compare by bits so NaN and -0.0 count.</summary>
    public static void AssertSame(object? expected, object? actual, string where = "value")
    {
        switch (expected)
        {
            case null:
                Assert.Null(actual);
                break;
            case float f:
                Assert.Equal(BitConverter.SingleToUInt32Bits(f), BitConverter.SingleToUInt32Bits(Assert.IsType<float>(actual)));
                break;
            case double d:
                Assert.Equal(BitConverter.DoubleToUInt64Bits(d), BitConverter.DoubleToUInt64Bits(Assert.IsType<double>(actual)));
                break;
            case byte[] bytes:
                Assert.Equal(bytes, Assert.IsType<byte[]>(actual));
                break;
            case MessagePackExtension ext:
                var actualExt = Assert.IsType<MessagePackExtension>(actual);
                Assert.Equal(ext.TypeCode, actualExt.TypeCode);
                Assert.Equal(ext.Data, actualExt.Data);
                break;
            case object?[] items:
                var actualItems = Assert.IsType<object?[]>(actual);
                Assert.Equal(items.Length, actualItems.Length);
                for (int i = 0; i < items.Length; i++)
                    AssertSame(items[i], actualItems[i], $"{where}[{i}]");
                break;
            case KeyValuePair<object?, object?>[] pairs:
                var actualPairs = Assert.IsType<KeyValuePair<object?, object?>[]>(actual);
                Assert.Equal(pairs.Length, actualPairs.Length);
                for (int i = 0; i < pairs.Length; i++)
                {
                    AssertSame(pairs[i].Key, actualPairs[i].Key, $"{where}.key{i}");
                    AssertSame(pairs[i].Value, actualPairs[i].Value, $"{where}.value{i}");
                }
                break;
            default:
                Assert.Equal(expected.GetType(), actual?.GetType());
                Assert.Equal(expected, actual);
                break;
        }
    }

    private static IReadOnlyList<(string, byte[])> Load() =>
        File.ReadLines(FixturePath())
            .Where(line => !line.StartsWith('#') && line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], Untoken(parts[1])))
            .ToList();

    /// <summary>Read from the source tree, so the test csproj needs no copy item.</summary>
    private static string FixturePath() => RepositoryRoot.File("tests", "ActorTrain.Runtime.Tests", "Remote", "Fixtures", "msgpack_corpus.txt");
}

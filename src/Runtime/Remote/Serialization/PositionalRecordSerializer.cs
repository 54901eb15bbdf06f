using System.Reflection;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Serializes a positional record (or any type whose widest constructor's parameters match its properties) as a
/// MessagePack array of its constructor arguments in order. Field types are checked once, at registration: ints,
/// longs, doubles, floats, bools, strings, float arrays and read-only float memory (both as bin, bulk-copied; memory
/// arrives as a new array) and int arrays. A body with another field
/// count is refused, so a peer speaking another version of a message fails loudly instead of misreading it.
/// </summary>
public sealed class PositionalRecordSerializer<T> : IMessageSerializer<T> where T : notnull
{
    private enum Kind { Int32, Int64, Double, Single, Bool, String, Floats, FloatMemory, Ints }

    private readonly ConstructorInfo _constructor;
    private readonly PropertyInfo[] _properties;
    private readonly Kind[] _kinds;

    public PositionalRecordSerializer()
    {
        _constructor = typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                       ?? throw new ArgumentException($"{typeof(T)} has no public constructor");
        var parameters = _constructor.GetParameters();
        _properties = parameters.Select(p => typeof(T).GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)
                                             ?? throw new ArgumentException($"{typeof(T)}: constructor parameter {p.Name} has no matching property")).ToArray();
        _kinds = parameters.Select(p => KindOf(p.ParameterType) ?? throw new ArgumentException(
            $"{typeof(T)}.{p.Name}: type {p.ParameterType} cannot travel in a message")).ToArray();
    }

    private static Kind? KindOf(Type type) =>
        type == typeof(int) ? Kind.Int32 :
        type == typeof(long) ? Kind.Int64 :
        type == typeof(double) ? Kind.Double :
        type == typeof(float) ? Kind.Single :
        type == typeof(bool) ? Kind.Bool :
        type == typeof(string) ? Kind.String :
        type == typeof(float[]) ? Kind.Floats :
        type == typeof(ReadOnlyMemory<float>) ? Kind.FloatMemory :
        type == typeof(int[]) ? Kind.Ints : null;

    public void Write(ref MessagePackWriter writer, T value)
    {
        writer.WriteArrayHeader(_kinds.Length);
        for (int i = 0; i < _kinds.Length; i++)
        {
            object? field = _properties[i].GetValue(value);
            switch (_kinds[i])
            {
                case Kind.Int32: writer.WriteInt32((int)field!); break;
                case Kind.Int64: writer.WriteInt64((long)field!); break;
                case Kind.Double: writer.WriteDouble((double)field!); break;
                case Kind.Single: writer.WriteSingle((float)field!); break;
                case Kind.Bool: writer.WriteBool((bool)field!); break;
                case Kind.String: writer.WriteString((string?)field ?? throw Null(i)); break;
                case Kind.Floats: writer.WriteFloats((float[]?)field ?? throw Null(i)); break;
                case Kind.FloatMemory: writer.WriteFloats(((ReadOnlyMemory<float>)field!).Span); break;
                case Kind.Ints:
                    var ints = (int[]?)field ?? throw Null(i);
                    writer.WriteArrayHeader(ints.Length);
                    foreach (int v in ints) writer.WriteInt32(v);
                    break;
            }
        }
    }

    public T Read(ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        if (count != _kinds.Length) throw new FormatException($"{typeof(T).Name}: {count} fields, this version has {_kinds.Length}");
        var args = new object[count];
        for (int i = 0; i < count; i++)
        {
            args[i] = _kinds[i] switch
            {
                Kind.Int32 => reader.ReadInt32(),
                Kind.Int64 => reader.ReadInt64(),
                Kind.Double => reader.ReadDouble(),
                Kind.Single => reader.ReadSingle(),
                Kind.Bool => reader.ReadBool(),
                Kind.String => reader.ReadString() ?? throw new FormatException($"{typeof(T).Name}.{_properties[i].Name} is nil; messages carry no nulls"),
                Kind.Floats => reader.ReadFloats(),
                Kind.FloatMemory => new ReadOnlyMemory<float>(reader.ReadFloats()),
                _ => ReadInts(ref reader),
            };
        }
        return (T)_constructor.Invoke(args);
    }

    private static int[] ReadInts(ref MessagePackReader reader)
    {
        var values = new int[reader.ReadArrayHeader()];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadInt32();
        return values;
    }

    private ArgumentException Null(int field) => new($"{typeof(T).Name}.{_properties[field].Name} is null; messages carry no nulls");
}

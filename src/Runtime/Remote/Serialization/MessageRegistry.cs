using System.Buffers;
using System.Collections.Concurrent;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Maps stable integer type ids to CLR message types and their serializers. Ids are part of the wire protocol: never reuse one
/// for a different type. Registration is usually done at start-up; lookups are lock-free and safe from any thread.
/// A serialized message is the MessagePack array <c>[type-id, body]</c>.
/// </summary>
public sealed class MessageRegistry
{
    private readonly ConcurrentDictionary<int, MessageBinding> _byId = new();
    private readonly ConcurrentDictionary<Type, MessageBinding> _byType = new();
    private readonly Lock _registration = new();

    public MessageRegistry(MessagePackReaderOptions? readerOptions = null) =>
        ReaderOptions = readerOptions ?? MessagePackReaderOptions.Default;

    public MessagePackReaderOptions ReaderOptions { get; }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="typeId"/>; the exact runtime type is matched, not base types.</summary>
    public void Register<T>(int typeId, IMessageSerializer<T> serializer) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(serializer);
        lock (_registration)
        {
            if (_byId.TryGetValue(typeId, out MessageBinding? taken))
                throw new ArgumentException($"type id {typeId} is already registered for {taken.Type}", nameof(typeId));
            if (_byType.ContainsKey(typeof(T)))
                throw new ArgumentException($"{typeof(T)} is already registered", nameof(serializer));
            var binding = new MessageBinding<T>(typeId, serializer);
            _byType[typeof(T)] = binding;
            _byId[typeId] = binding;
        }
    }

    public bool TryGetTypeId(Type messageType, out int typeId)
    {
        bool found = _byType.TryGetValue(messageType, out MessageBinding? binding);
        typeId = found ? binding!.TypeId : 0;
        return found;
    }

    /// <summary>Type id of <paramref name="message"/>'s runtime type; throws <see cref="ArgumentException"/> when it is not registered.</summary>
    public int GetTypeId(object message) => Bind(message).TypeId;

    /// <summary>Writes only the body of <paramref name="message"/> and returns its type id.</summary>
    public int WriteBody(ref MessagePackWriter writer, object message)
    {
        MessageBinding binding = Bind(message);
        binding.Write(ref writer, message);
        return binding.TypeId;
    }

    /// <summary>Reads a body of the given type id; an unknown id throws <see cref="UnknownMessageTypeException"/>.</summary>
    public object ReadBody(int typeId, ref MessagePackReader reader)
    {
        if (!_byId.TryGetValue(typeId, out MessageBinding? binding))
            throw new UnknownMessageTypeException(typeId);
        int start = reader.Position;
        try
        {
            return binding.Read(ref reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException
                                      or FormatException && e is not MessagePackFormatException)
        {
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidMessage,
                $"serializer for type id {typeId} refused the body: {e.Message}", start, e);
        }
    }

    public byte[] Serialize(object message)
    {
        var output = new ArrayBufferWriter<byte>();
        Serialize(message, output);
        return output.WrittenSpan.ToArray();
    }

    public void Serialize(object message, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        MessageBinding binding = Bind(message);
        writer.WriteArrayHeader(2);
        writer.WriteInt32(binding.TypeId);
        binding.Write(ref writer, message);
    }

    /// <summary>Reads <c>[type-id, body]</c> filling the whole of <paramref name="bytes"/>.</summary>
    public object Deserialize(ReadOnlySpan<byte> bytes)
    {
        var reader = new MessagePackReader(bytes, ReaderOptions);
        int start = reader.Position;
        if (reader.ReadArrayHeader() != 2)
            throw new MessagePackFormatException(MessagePackErrorReason.InvalidEnvelope, "a message is [type-id, body]", start);
        object message = ReadBody(reader.ReadInt32(), ref reader);
        ExpectEnd(ref reader);
        return message;
    }

    internal static void ExpectEnd(ref MessagePackReader reader)
    {
        if (!reader.End)
            throw new MessagePackFormatException(MessagePackErrorReason.TrailingBytes,
                $"{reader.Remaining} bytes after the message", reader.Position);
    }

    private MessageBinding Bind(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _byType.TryGetValue(message.GetType(), out MessageBinding? binding)
            ? binding
            : throw new ArgumentException($"no serializer is registered for {message.GetType()}", nameof(message));
    }
}

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>A registered message type seen without its type parameter, so the registry can dispatch on a runtime type or id.</summary>
internal abstract class MessageBinding(int typeId, Type type)
{
    public int TypeId { get; } = typeId;
    public Type Type { get; } = type;

    public abstract void Write(ref MessagePackWriter writer, object message);

    public abstract object Read(ref MessagePackReader reader);
}

internal sealed class MessageBinding<T>(int typeId, IMessageSerializer<T> serializer) : MessageBinding(typeId, typeof(T))
    where T : notnull
{
    public override void Write(ref MessagePackWriter writer, object message) => serializer.Write(ref writer, (T)message);

    public override object Read(ref MessagePackReader reader) =>
        serializer.Read(ref reader) ?? throw new InvalidOperationException($"serializer for {typeof(T)} returned null");
}

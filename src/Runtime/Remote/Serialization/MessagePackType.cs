namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>The type families of the MessagePack specification, as returned by <see cref="MessagePackReader.PeekType"/>.</summary>
public enum MessagePackType
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

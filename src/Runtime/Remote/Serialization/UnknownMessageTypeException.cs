namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>A message carried a type id that has no registered serializer (peer running other code, or a corrupt frame).</summary>
public sealed class UnknownMessageTypeException(int typeId)
    : MessagePackFormatException(MessagePackErrorReason.UnknownTypeId, $"No serializer is registered for message type id {typeId}")
{
    public int TypeId { get; } = typeId;
}

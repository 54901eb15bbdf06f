namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Serializes and deserializes a message in place, for the <c>serialize-messages</c> switch: with it on, every local Tell goes
/// through the codec, so a message type that would not survive the wire fails in a single-process test.
/// </summary>
public sealed class MessageRoundTrip(MessageRegistry registry)
{
    private readonly MessageRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    public object RoundTrip(object message) => _registry.Deserialize(_registry.Serialize(message));
}

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>The type code and payload length of an ext value; the payload follows the header.</summary>
public readonly record struct MessagePackExtensionHeader(sbyte TypeCode, int Length);

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>An ext value other than the timestamp, as produced by <see cref="MessagePackObjects.Read"/>.</summary>
public sealed record MessagePackExtension(sbyte TypeCode, byte[] Data);

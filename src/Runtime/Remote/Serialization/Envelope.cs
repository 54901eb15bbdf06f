namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// A message addressed across the wire: <c>[type-id, recipient-path, sender-path or nil, body]</c>.
/// Paths are actor addresses such as <c>actortrain://system@host:port/user/ps/shard-0</c>.
/// </summary>
public sealed record Envelope(int TypeId, string RecipientPath, string? SenderPath, object Message);

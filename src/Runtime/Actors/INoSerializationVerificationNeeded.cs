namespace ActorTrain.Runtime.Actors;

/// <summary>
/// Marks a message that never crosses a node boundary, so <see cref="ActorSystemSettings.SerializeMessages"/> lets it pass untouched.
/// </summary>
public interface INoSerializationVerificationNeeded;

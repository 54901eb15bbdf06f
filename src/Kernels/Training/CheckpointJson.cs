using System.Text.Json.Serialization;

namespace ActorTrain.Kernels.Training;

/// <summary>Source-generated JSON for the checkpoint header (no reflection; infinities allowed for "no best loss yet").</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointJson : JsonSerializerContext;

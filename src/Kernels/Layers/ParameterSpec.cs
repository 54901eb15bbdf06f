using ActorTrain.Kernels.Initializers;

namespace ActorTrain.Kernels.Layers;

/// <summary>A parameter tensor a layer asks for: its role ("weight", "bias", …), size, fans and initializer.</summary>
public sealed record ParameterSpec(string Role, int Length, int FanIn, int FanOut, IInitializer Initializer);

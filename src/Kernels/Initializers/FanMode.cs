namespace ActorTrain.Kernels.Initializers;

/// <summary>Which fan a variance-scaling initializer divides by: fan-in keeps forward activations' variance, fan-out the gradients'.</summary>
public enum FanMode
{
    FanIn,
    FanOut,
}

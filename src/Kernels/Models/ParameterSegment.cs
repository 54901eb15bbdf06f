namespace ActorTrain.Kernels.Models;

/// <summary>A named slice of the flat parameter vector (and of the gradient vector, which has the same layout).</summary>
/// <param name="Name">"layer.role", e.g. "dense0.weight".</param>
public sealed record ParameterSegment(string Name, string Layer, string Role, int Offset, int Length, int FanIn, int FanOut)
{
    public int End => Offset + Length;

    public override string ToString() => $"{Name}[{Offset}..{End})";
}

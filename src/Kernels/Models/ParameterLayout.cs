namespace ActorTrain.Kernels.Models;

/// <summary>
/// Where each layer's parameters sit in the one flat vector. Sharding by key range, checkpoints and messages are all
/// slices of this vector, so the layout is the only map any of them needs.
/// </summary>
public sealed class ParameterLayout
{
    public ParameterLayout(IReadOnlyList<ParameterSegment> segments)
    {
        int expected = 0;
        foreach (var s in segments)
        {
            if (s.Offset != expected) throw new ArgumentException($"segment {s} does not start where the previous one ends ({expected})");
            expected = s.End;
        }
        Segments = segments;
        Length = expected;
    }

    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>Total number of parameters.</summary>
    public int Length { get; }

    public ParameterSegment this[string name] =>
        Segments.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no parameter segment {name}; segments: {string.Join(", ", Segments.Select(s => s.Name))}");

    /// <summary>The segments of one layer, in order.</summary>
    public IEnumerable<ParameterSegment> OfLayer(string layer) => Segments.Where(s => s.Layer == layer);

    /// <summary>The segment holding a flat index, for naming where a NaN sits.</summary>
    public ParameterSegment At(int index) =>
        Segments.FirstOrDefault(s => index >= s.Offset && index < s.End) ?? throw new ArgumentOutOfRangeException(nameof(index), index, $"outside a layout of {Length}");

    /// <summary>A short description: "dense0.weight 401408, dense0.bias 512, …".</summary>
    public override string ToString() => string.Join(", ", Segments.Select(s => $"{s.Name} {s.Length}"));
}

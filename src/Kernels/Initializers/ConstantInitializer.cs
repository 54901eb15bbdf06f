using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>Every weight set to one value; <see cref="Zeros"/> is the usual choice for biases.</summary>
public sealed class ConstantInitializer : IInitializer
{
    public static ConstantInitializer Zeros { get; } = new(0.0);

    public ConstantInitializer(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "constant: value must be finite");
        Value = value;
    }

    public double Value { get; }

    public string Name => $"constant({Initializer.Number(Value)})";

    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        Fans.Validate(Name, fanIn, fanOut);
        weights.Fill((float)Value);
    }
}

namespace ActorTrain.Kernels.Ops;

public enum ActivationKind
{
    Identity,
    Relu,
    LeakyRelu,
    Sigmoid,
    Tanh,
}

/// <summary>An elementwise non-linearity. Backward is computed from the output y alone, so layers keep no copy of x.</summary>
/// <param name="Slope">negative-side slope of LeakyRelu (≥ 0, so y &gt; 0 exactly when x &gt; 0); ignored otherwise.</param>
public readonly record struct Activation(ActivationKind Kind, float Slope = 0f)
{
    public static Activation Relu => new(ActivationKind.Relu);
    public static Activation Sigmoid => new(ActivationKind.Sigmoid);
    public static Activation Tanh => new(ActivationKind.Tanh);
    public static Activation Identity => new(ActivationKind.Identity);
    public static Activation LeakyRelu(float slope = 0.01f) => new(ActivationKind.LeakyRelu, slope);

    public override string ToString() => Kind == ActivationKind.LeakyRelu ? $"leaky-relu({Slope})" : Kind.ToString().ToLowerInvariant();
}

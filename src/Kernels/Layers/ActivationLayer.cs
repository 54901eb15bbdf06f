using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Layers;

/// <summary>An elementwise non-linearity (ReLU, LeakyReLU, Sigmoid, Tanh); backward reads only the forward output.</summary>
public sealed class ActivationLayer(Activation activation) : Layer(activation.Kind switch
{
    ActivationKind.LeakyRelu => "leaky-relu",
    _ => activation.Kind.ToString().ToLowerInvariant(),
})
{
    public Activation Activation { get; } = activation.Kind == ActivationKind.LeakyRelu && activation.Slope < 0f
        ? throw new ArgumentOutOfRangeException(nameof(activation), activation.Slope, "leaky-relu slope must be ≥ 0")
        : activation;

    public override void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows) =>
        context.Stream.ActivationForward(Activation, x.Slice(0, rows * InputWidth), y.Slice(0, rows * OutputWidth));

    public override void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows)
    {
        if (dx.IsEmpty) return;
        int n = rows * OutputWidth;
        context.Stream.ActivationBackward(Activation, y.Slice(0, n), dy.Slice(0, n), dx.Slice(0, n));
    }
}

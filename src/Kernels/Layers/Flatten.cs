using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Layers;

/// <summary>
/// (rows, C, H, W) → (rows, C·H·W). Row-major data is already flat, so the model aliases this layer's output and
/// gradient to its input: it costs nothing and exists so that a model description says what it means.
/// </summary>
public sealed class Flatten() : Layer("flatten")
{
    public override bool AliasesInput => true;

    public override void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows) { }

    public override void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows) { }
}

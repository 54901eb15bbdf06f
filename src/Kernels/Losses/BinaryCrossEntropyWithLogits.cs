using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Losses;

/// <summary>Sigmoid + binary cross-entropy fused on logits (PyTorch's BCEWithLogitsLoss), stable for large |x|.</summary>
public sealed class BinaryCrossEntropyWithLogits() : Loss("bce-with-logits")
{
    public override int TargetWidth(int outputWidth) => outputWidth;

    public override void Forward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, DeviceSpan losses) =>
        stream.BinaryCrossEntropyWithLogitsForward(output, targets, rows, cols, losses);

    public override void Backward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, float scale, DeviceSpan dOutput) =>
        stream.BinaryCrossEntropyWithLogitsBackward(output, targets, rows, cols, scale, dOutput);
}

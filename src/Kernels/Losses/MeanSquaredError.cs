using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Losses;

/// <summary>Mean squared error over all output elements (PyTorch's MSELoss with reduction "mean").</summary>
public sealed class MeanSquaredError() : Loss("mse")
{
    public override int TargetWidth(int outputWidth) => outputWidth;

    public override void Forward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, DeviceSpan losses) =>
        stream.MeanSquaredErrorForward(output, targets, rows, cols, losses);

    public override void Backward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, float scale, DeviceSpan dOutput) =>
        stream.MeanSquaredErrorBackward(output, targets, rows, cols, scale, dOutput);
}

using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Losses;

/// <summary>
/// Fused, numerically stable softmax + cross-entropy over class-index targets. Forward keeps the probabilities in a
/// buffer of its own (allocated on first use, regrown only for a larger batch), so backward is a single pass.
/// </summary>
public sealed class SoftmaxCrossEntropy() : Loss("softmax-cross-entropy")
{
    private DeviceBuffer? _probabilities;

    public override int TargetWidth(int outputWidth) => 1;

    private DeviceSpan Probabilities(IDevice device, int length)
    {
        if (_probabilities is null || _probabilities.Device != device || _probabilities.Length < length)
        {
            _probabilities?.Dispose();
            _probabilities = device.Allocate(length);
        }
        return _probabilities.Slice(0, length);
    }

    public override void Forward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, DeviceSpan losses) =>
        stream.SoftmaxCrossEntropyForward(output, targets, rows, cols, Probabilities(stream.Device, rows * cols), losses);

    public override void Backward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, float scale, DeviceSpan dOutput) =>
        stream.SoftmaxCrossEntropyBackward(Probabilities(stream.Device, rows * cols), targets, rows, cols, scale, dOutput);

    public override void Dispose()
    {
        _probabilities?.Dispose();
        _probabilities = null;
        base.Dispose();
    }
}

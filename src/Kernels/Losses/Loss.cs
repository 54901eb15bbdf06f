using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Losses;

/// <summary>
/// A loss over a model's output rows. Forward writes one loss per row (the batch loss is their mean); backward writes
/// dLoss/dOutput times <c>scale</c>, where the trainer passes 1/(rows of the global micro-batch) so that replicas add up to
/// the gradient of the micro-batch mean; accumulated micro-batches are then averaged with equal weight (PyTorch's loss/k),
/// which differs from the mean over all rows only when an epoch's last micro-batch is short.
/// </summary>
public abstract class Loss : IDisposable
{
    protected Loss(string name) => Name = name;

    public string Name { get; }

    /// <summary>Target values per row for a model output of <paramref name="outputWidth"/> (1 for class labels).</summary>
    public abstract int TargetWidth(int outputWidth);

    public abstract void Forward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, DeviceSpan losses);

    /// <summary>Must follow <see cref="Forward"/> on the same batch (softmax keeps its probabilities from it).</summary>
    public abstract void Backward(IDeviceStream stream, DeviceSpan output, DeviceSpan targets, int rows, int cols, float scale, DeviceSpan dOutput);

    /// <summary>Releases device memory the loss keeps between forward and backward.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Parses "softmax-cross-entropy" (alias "cross-entropy"), "mse", "bce-with-logits".</summary>
    public static Loss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "softmax-cross-entropy" or "cross-entropy" => new SoftmaxCrossEntropy(),
        "mse" or "mean-squared-error" => new MeanSquaredError(),
        "bce-with-logits" or "binary-cross-entropy-with-logits" => new BinaryCrossEntropyWithLogits(),
        _ => throw new ArgumentException($"unknown loss '{name}'; valid: softmax-cross-entropy, mse, bce-with-logits"),
    };
}

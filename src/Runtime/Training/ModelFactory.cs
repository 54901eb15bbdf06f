using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Training;

/// <summary>Builds the MLP a config describes: [Dense → (BatchNorm) → activation → (Dropout)] per hidden width, then Dense.</summary>
public static class ModelFactory
{
    public static IReadOnlyList<Layer> Layers(ModelSettings settings, int outputs)
    {
        var activation = settings.Activation.Trim().ToLowerInvariant() switch
        {
            "relu" => Activation.Relu,
            "leaky-relu" => Activation.LeakyRelu((float)settings.LeakySlope),
            "sigmoid" => Activation.Sigmoid,
            "tanh" => Activation.Tanh,
            _ => throw new ArgumentException($"unknown activation '{settings.Activation}'; valid: relu, leaky-relu, sigmoid, tanh"),
        };
        var initializer = Initializer.Parse(settings.Initializer);
        if (settings.Hidden.Any(w => w <= 0)) throw new ArgumentException($"hidden widths must be positive: [{string.Join(", ", settings.Hidden)}]");
        var layers = new List<Layer> { new Flatten() };
        foreach (int width in settings.Hidden)
        {
            layers.Add(new Dense(width, initializer));
            if (settings.BatchNorm) layers.Add(new BatchNorm());
            layers.Add(new ActivationLayer(activation));
            if (settings.Dropout > 0) layers.Add(new Dropout((float)settings.Dropout));
        }
        layers.Add(new Dense(outputs, initializer));
        return layers;
    }

    /// <summary>Output width for a loss and data set: one logit per class, or the target width for regression.</summary>
    public static int Outputs(Loss loss, int classes, int targetWidth) => loss is SoftmaxCrossEntropy ? classes : targetWidth;

    public static Sequential Build(ModelSettings settings, IDevice device, int inputWidth, int outputs, int maxRows) =>
        new(device, inputWidth, Layers(settings, outputs), maxRows);
}

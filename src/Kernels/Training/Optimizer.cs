using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// An optimizer over a flat parameter vector (or a key-range slice of one, on a parameter-server shard): its settings,
/// its state vectors on the device, and the count of updates applied, which Adam's bias correction needs.
/// </summary>
public sealed class Optimizer : IDisposable
{
    private readonly DeviceBuffer? _state1;
    private readonly DeviceBuffer? _state2;

    /// <param name="settings">every field but LearningRate and Step, which each update supplies.</param>
    public Optimizer(IDevice device, int length, OptimizerUpdate settings)
    {
        Settings = settings;
        Length = length;
        int states = OptimizerUpdate.StateVectors(settings.Kind);
        if (states >= 1) _state1 = device.Allocate(length);
        if (states >= 2) _state2 = device.Allocate(length);
    }

    public OptimizerUpdate Settings { get; }

    public int Length { get; }

    /// <summary>Updates applied so far.</summary>
    public long Steps { get; set; }

    public DeviceSpan State1 => _state1?.All ?? default;
    public DeviceSpan State2 => _state2?.All ?? default;

    /// <summary>State vectors in order, for checkpoints.</summary>
    public IEnumerable<DeviceSpan> StateVectors => new[] { _state1, _state2 }.OfType<DeviceBuffer>().Select(b => b.All);

    /// <summary>One update with learning rate <paramref name="learningRate"/>; <paramref name="gradientScale"/> is 1/k after k accumulated micro-batches.</summary>
    /// <param name="rawGradientNormSquared">device scalar holding Σ grad² over the whole model, read when clipping by norm.</param>
    public void Apply(IDeviceStream stream, DeviceSpan parameters, DeviceSpan gradients, float learningRate, float gradientScale, DeviceSpan rawGradientNormSquared)
    {
        var update = Settings with { LearningRate = learningRate, Step = Steps + 1, GradientScale = gradientScale * Settings.GradientScale };
        stream.OptimizerStep(update, parameters, gradients, State1, State2, rawGradientNormSquared);
        Steps++;
    }

    public void Reset(IDeviceStream stream)
    {
        foreach (var s in StateVectors) stream.Fill(s, 0f);
        Steps = 0;
    }

    public static OptimizerKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "momentum" => OptimizerKind.Momentum,
        "nesterov" => OptimizerKind.Nesterov,
        "adagrad" => OptimizerKind.Adagrad,
        "rmsprop" => OptimizerKind.RmsProp,
        "adam" => OptimizerKind.Adam,
        "adamw" => OptimizerKind.AdamW,
        _ => throw new ArgumentException($"unknown optimizer '{name}'; valid: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw"),
    };

    public void Dispose()
    {
        _state1?.Dispose();
        _state2?.Dispose();
    }
}

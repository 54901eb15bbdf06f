using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// The CPU device's fused optimizer update over plain host arrays, for parameter-server shards: they keep their key
/// range in managed memory (messages arrive and leave as arrays), so a device buffer would only add two copies per update.
/// </summary>
public static class HostOptimizer
{
    /// <param name="rawGradientNormSquared">Σ grad² of the unscaled gradient over the whole model, read when clipping by norm.</param>
    /// <returns>whether every gradient value was finite (checked in the update's own pass).</returns>
    public static bool Step(in OptimizerUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2, float rawGradientNormSquared) =>
        Step(update, parameters, parameters, gradients, state1, state2, rawGradientNormSquared);

    /// <summary>
    /// Out of place: the updated parameters go to <paramref name="updated"/> (the same memory as
    /// <paramref name="parameters"/>, or none of it): a shard that keeps each version as it is shared needs no copy.
    /// </summary>
    public static bool Step(in OptimizerUpdate update, ReadOnlySpan<float> parameters, Span<float> updated, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2,
        float rawGradientNormSquared)
    {
        int states = OptimizerUpdate.StateVectors(update.Kind);
        if (gradients.Length != parameters.Length || updated.Length != parameters.Length || (states >= 1 && state1.Length != parameters.Length) || (states >= 2 && state2.Length != parameters.Length))
            throw new ArgumentException($"{update.Kind} update: parameters {parameters.Length} into {updated.Length}, gradients {gradients.Length}, states {state1.Length}/{state2.Length}");
        if (update.Step < 1) throw new ArgumentOutOfRangeException(nameof(update), update.Step, "optimizer step count is 1-based");
        if (parameters.Overlaps(updated, out int offset) && offset != 0)
            throw new ArgumentException("out-of-place update into memory that partly overlaps the parameters", nameof(updated));
        return VectorizedOptimizer.Step(update, parameters, updated, gradients, state1, state2, rawGradientNormSquared);
    }
}

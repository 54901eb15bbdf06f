using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// The CPU device's fused optimizer update over plain host arrays, for parameter-server shards: they keep their key
/// range in host memory that workers and messages share (or read and write as arrays), so a device buffer would only add
/// two copies per update.
/// </summary>
public static class HostOptimizer
{
    /// <summary>
    /// Updates <paramref name="parameters"/> in place and, unless <paramref name="previous"/> is empty, stores the values
    /// they had into it in the same pass: what a shard keeps for a redone step. <paramref name="previous"/> may be
    /// exactly the gradient's memory (each value is read before it is overwritten: a shard with several workers stores
    /// them over the summed gradient it has just read); otherwise it must overlap nothing else.
    /// </summary>
    /// <param name="rawGradientNormSquared">Σ grad² of the unscaled gradient over the whole model, read when clipping by norm.</param>
    /// <returns>whether every gradient value was finite (checked in the update's own pass).</returns>
    public static bool Step(in OptimizerUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2,
        float rawGradientNormSquared, Span<float> previous = default)
    {
        int states = OptimizerUpdate.StateVectors(update.Kind);
        if (gradients.Length != parameters.Length || (states >= 1 && state1.Length != parameters.Length) || (states >= 2 && state2.Length != parameters.Length))
            throw new ArgumentException($"{update.Kind} update: parameters {parameters.Length}, gradients {gradients.Length}, states {state1.Length}/{state2.Length}");
        if (update.Step < 1) throw new ArgumentOutOfRangeException(nameof(update), update.Step, "optimizer step count is 1-based");
        bool gradientMemory = previous.Overlaps(gradients, out int offset) && offset == 0 && previous.Length == gradients.Length;
        if (!previous.IsEmpty && (previous.Length != parameters.Length || (!gradientMemory && previous.Overlaps(gradients))
                                  || previous.Overlaps(parameters) || previous.Overlaps(state1) || previous.Overlaps(state2)))
            throw new ArgumentException($"the previous values of {parameters.Length} parameters need {parameters.Length} values of their own or the gradient's; got {previous.Length}", nameof(previous));
        return VectorizedOptimizer.Step(update, parameters, gradients, state1, state2, rawGradientNormSquared, previous);
    }
}

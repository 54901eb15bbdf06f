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
    public static void Step(in OptimizerUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2, float rawGradientNormSquared)
    {
        int states = OptimizerUpdate.StateVectors(update.Kind);
        if (gradients.Length != parameters.Length || (states >= 1 && state1.Length != parameters.Length) || (states >= 2 && state2.Length != parameters.Length))
            throw new ArgumentException($"{update.Kind} update: parameters {parameters.Length}, gradients {gradients.Length}, states {state1.Length}/{state2.Length}");
        if (update.Step < 1) throw new ArgumentOutOfRangeException(nameof(update), update.Step, "optimizer step count is 1-based");
        VectorizedOptimizer.Step(update, parameters, gradients, state1, state2, rawGradientNormSquared);
    }
}

using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices.Reference;

public partial class ReferenceStream
{
    protected internal static void CheckOptimizer(in OptimizerUpdate update, DeviceSpan parameters, DeviceSpan gradients, DeviceSpan state1, DeviceSpan state2, DeviceSpan gradientNormSquared)
    {
        CheckSameLength(parameters, gradients, $"{update.Kind} update");
        int states = OptimizerUpdate.StateVectors(update.Kind);
        if (states >= 1) CheckSameLength(parameters, state1, $"{update.Kind} update state");
        if (states >= 2) CheckSameLength(parameters, state2, $"{update.Kind} update second state");
        if (update.MaxGradientNorm > 0f) Require(gradientNormSquared, 1, "gradient norm scalar");
        if (update.Step < 1) throw new ArgumentOutOfRangeException(nameof(update), update.Step, "optimizer step count is 1-based");
    }

    /// <summary>The published update rules, one element at a time in double (PyTorch's formulas; see <see cref="OptimizerUpdate"/>).</summary>
    public virtual void OptimizerStep(in OptimizerUpdate u, DeviceSpan parameters, DeviceSpan gradients, DeviceSpan state1, DeviceSpan state2, DeviceSpan gradientNormSquared)
    {
        CheckOptimizer(u, parameters, gradients, state1, state2, gradientNormSquared);
        Span<float> p = Host(parameters), grad = Host(gradients);
        Span<float> s1 = OptimizerUpdate.StateVectors(u.Kind) >= 1 ? Host(state1) : default;
        Span<float> s2 = OptimizerUpdate.StateVectors(u.Kind) >= 2 ? Host(state2) : default;
        double scale = u.EffectiveGradientScale(u.MaxGradientNorm > 0f ? Host(gradientNormSquared)[0] : 0f);
        double lr = u.LearningRate, bias1 = 1 - Math.Pow(u.Beta1, u.Step), bias2 = 1 - Math.Pow(u.Beta2, u.Step);
        for (int i = 0; i < p.Length; i++)
        {
            double w = p[i], g = grad[i] * scale;
            if (u.ClipValue > 0f) g = Math.Clamp(g, -u.ClipValue, u.ClipValue);
            g += u.L2 * w + u.L1 * Math.Sign(w);
            switch (u.Kind)
            {
                case OptimizerKind.Sgd:
                    w -= lr * g;
                    break;
                case OptimizerKind.Momentum:
                    s1[i] = (float)(u.Momentum * s1[i] + g);
                    w -= lr * s1[i];
                    break;
                case OptimizerKind.Nesterov:
                    s1[i] = (float)(u.Momentum * s1[i] + g);
                    w -= lr * (g + u.Momentum * s1[i]);
                    break;
                case OptimizerKind.Adagrad:
                    s1[i] = (float)(s1[i] + g * g);
                    w -= lr * g / (Math.Sqrt(s1[i]) + u.Epsilon);
                    break;
                case OptimizerKind.RmsProp:
                    s1[i] = (float)(u.Alpha * s1[i] + (1 - u.Alpha) * g * g);
                    w -= lr * g / (Math.Sqrt(s1[i]) + u.Epsilon);
                    break;
                case OptimizerKind.Adam:
                case OptimizerKind.AdamW:
                    if (u.Kind == OptimizerKind.AdamW) w *= 1 - lr * u.WeightDecay;
                    s1[i] = (float)(u.Beta1 * s1[i] + (1 - u.Beta1) * g);
                    s2[i] = (float)(u.Beta2 * s2[i] + (1 - u.Beta2) * g * g);
                    w -= lr * (s1[i] / bias1) / (Math.Sqrt(s2[i] / bias2) + u.Epsilon);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(u), u.Kind, "unknown optimizer");
            }
            p[i] = (float)w;
        }
    }
}

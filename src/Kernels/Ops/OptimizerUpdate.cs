namespace ActorTrain.Kernels.Ops;

/// <summary>
/// Everything one fused optimizer update needs besides the vectors. The update is, per element:
/// <code>
///   g = grad * GradientScale * clip            clip = min(1, MaxGradientNorm / (‖grad·GradientScale‖ + 1e-6)) when MaxGradientNorm &gt; 0
///   g = clamp(g, -ClipValue, ClipValue)          when ClipValue &gt; 0
///   g += L2 * p + L1 * sign(p)                   (coupled weight decay; AdamW decays p directly instead)
///   p, state = rule(p, g, state)                 SGD, momentum, Nesterov, Adagrad, RMSProp, Adam, AdamW as in PyTorch
/// </code>
/// Clipping is a scale inside the update, not a pass of its own; the global norm comes from a device scalar so that
/// no host round trip sits inside a training step.
/// </summary>
public readonly record struct OptimizerUpdate
{
    public OptimizerUpdate() { }

    public required OptimizerKind Kind { get; init; }
    public required float LearningRate { get; init; }

    /// <summary>1-based count of updates including this one; Adam's bias correction uses it.</summary>
    public required long Step { get; init; }

    /// <summary>Multiplies every gradient first (e.g. 1/k after accumulating k micro-batches).</summary>
    public float GradientScale { get; init; } = 1f;

    /// <summary>
    /// Clip by global norm when &gt; 0. The op reads Σ grad² of the raw gradient over the whole model (all shards) from a
    /// device scalar, and clips the norm of the gradient after <see cref="GradientScale"/>.
    /// </summary>
    public float MaxGradientNorm { get; init; }

    /// <summary>Clip each element to [-ClipValue, ClipValue] when &gt; 0.</summary>
    public float ClipValue { get; init; }

    /// <summary>Coupled L2 penalty coefficient (PyTorch's weight_decay for every optimizer but AdamW).</summary>
    public float L2 { get; init; }

    /// <summary>L1 penalty coefficient; with L2 it makes the elastic net.</summary>
    public float L1 { get; init; }

    /// <summary>Decoupled weight decay of AdamW.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Momentum μ of Momentum and Nesterov.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>RMSProp's smoothing constant α (PyTorch's default 0.99).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Adam's decay rates, in double so that 1 − β is PyTorch's (0.999f would make 1 − β2 off by 1.3e-5 relative).</summary>
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>How many state vectors of the parameter length this optimizer keeps (0, 1 or 2).</summary>
    public static int StateVectors(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => 0,
        OptimizerKind.Momentum or OptimizerKind.Nesterov or OptimizerKind.Adagrad or OptimizerKind.RmsProp => 1,
        _ => 2,
    };

    /// <summary>The total factor applied to each raw gradient: <see cref="GradientScale"/> times the clip scale.</summary>
    /// <param name="rawGradientNormSquared">Σ grad² of the unscaled gradient over the whole model.</param>
    public float EffectiveGradientScale(float rawGradientNormSquared)
    {
        if (MaxGradientNorm <= 0f) return GradientScale;
        return GradientScale * MathF.Min(1f, MaxGradientNorm / (GradientScale * MathF.Sqrt(rawGradientNormSquared) + 1e-6f)); // as torch.nn.utils.clip_grad_norm_
    }
}

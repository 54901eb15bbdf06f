using System.Numerics;
using System.Runtime.CompilerServices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices.Cpu;

/// <summary>
/// One update skeleton for every optimizer (scale, clip, coupled decay, then the rule), specialised per rule by the
/// JIT through a struct type parameter, so each optimizer is one fused pass over the flat vector with no virtual call
/// per element. The tail shorter than a vector is padded into stack buffers so the rules have a single (vector) form.
/// </summary>
internal static class VectorizedOptimizer
{
    /// <summary>
    /// Updates <paramref name="p"/> in place and, unless <paramref name="previous"/> is empty, stores the values it had
    /// there in the same pass: a caller that must keep the version before (a shard, for a redone step) needs no copy of
    /// its own. <paramref name="previous"/> may be the gradient's own memory — each value is read before it is
    /// overwritten — so keeping the version adds no memory to the pass's working set.
    /// Returns whether every gradient value was finite, checked in the same pass at no extra memory traffic.
    /// </summary>
    public static bool Step(in OptimizerUpdate u, Span<float> p, ReadOnlySpan<float> g, Span<float> s1, Span<float> s2, float rawGradientNormSquared,
        Span<float> previous = default)
    {
        var pre = new Preconditioning(u, rawGradientNormSquared);
        float lr = u.LearningRate;
        switch (u.Kind)
        {
            case OptimizerKind.Sgd: return Run(new Sgd(lr), pre, p, g, s1, s2, previous);
            case OptimizerKind.Momentum: return Run(new Momentum(lr, (float)u.Momentum, nesterov: false), pre, p, g, s1, s2, previous);
            case OptimizerKind.Nesterov: return Run(new Momentum(lr, (float)u.Momentum, nesterov: true), pre, p, g, s1, s2, previous);
            case OptimizerKind.Adagrad: return Run(new Adagrad(lr, u.Epsilon), pre, p, g, s1, s2, previous);
            case OptimizerKind.RmsProp: return Run(new RmsProp(lr, u.Alpha, u.Epsilon), pre, p, g, s1, s2, previous);
            case OptimizerKind.Adam: return Run(new Adam(u, decoupledDecay: 0f), pre, p, g, s1, s2, previous);
            case OptimizerKind.AdamW: return Run(new Adam(u, decoupledDecay: u.WeightDecay), pre, p, g, s1, s2, previous);
            default: throw new ArgumentOutOfRangeException(nameof(u), u.Kind, "unknown optimizer");
        }
    }

    private static bool Run<TRule>(TRule rule, Preconditioning pre, Span<float> p, ReadOnlySpan<float> g, Span<float> s1, Span<float> s2, Span<float> previous)
        where TRule : struct, IRule
    {
        int width = Vector<float>.Count, n = p.Length, i = 0;
        bool keep = !previous.IsEmpty;
        if (keep && previous.Length != n) throw new ArgumentException($"update of {n} parameters keeping {previous.Length} previous values");
        // x·0 is NaN exactly when x is NaN or ±∞, and NaN stays in the sum. Both the gradient and the updated parameters
        // are probed: a NaN scale (a non-finite global norm) or clipping a NaN by value can make either alone look fine.
        var probe = Vector<float>.Zero;
        for (; i + width <= n; i += width)
        {
            var w = new Vector<float>(p[i..]);
            var m = TRule.States >= 1 ? new Vector<float>(s1[i..]) : default;
            var v = TRule.States >= 2 ? new Vector<float>(s2[i..]) : default;
            var gradient = new Vector<float>(g[i..]);
            if (keep) w.CopyTo(previous[i..]); // after the gradient's load: previous may be its memory
            rule.Apply(ref w, pre.Apply(gradient, w), ref m, ref v);
            probe += gradient * Vector<float>.Zero + w * Vector<float>.Zero;
            w.CopyTo(p[i..]);
            if (TRule.States >= 1) m.CopyTo(s1[i..]);
            if (TRule.States >= 2) v.CopyTo(s2[i..]);
        }
        if (i == n) return Vector.EqualsAll(probe, probe);

        int tail = n - i;
        Span<float> tw = stackalloc float[width], tg = stackalloc float[width], tm = stackalloc float[width], tv = stackalloc float[width];
        tg.Clear(); // the probe reads the padding too
        p[i..].CopyTo(tw);
        g[i..].CopyTo(tg);
        if (keep) p[i..].CopyTo(previous[i..]);
        if (TRule.States >= 1) s1[i..].CopyTo(tm);
        if (TRule.States >= 2) s2[i..].CopyTo(tv);
        var wt = new Vector<float>(tw);
        var mt = new Vector<float>(tm);
        var vt = new Vector<float>(tv);
        rule.Apply(ref wt, pre.Apply(new Vector<float>(tg), wt), ref mt, ref vt);
        probe += new Vector<float>(tg) * Vector<float>.Zero;
        wt.CopyTo(tw);
        tw[tail..].Clear(); // the padding's update is not the caller's
        probe += new Vector<float>(tw) * Vector<float>.Zero;
        mt.CopyTo(tm);
        vt.CopyTo(tv);
        tw[..tail].CopyTo(p[i..]);
        if (TRule.States >= 1) tm[..tail].CopyTo(s1[i..]);
        if (TRule.States >= 2) tv[..tail].CopyTo(s2[i..]);
        return Vector.EqualsAll(probe, probe);
    }

    /// <summary>What every optimizer does to a gradient before its rule: scale (with global-norm clip), clip by value, coupled L2/L1.</summary>
    private readonly struct Preconditioning(in OptimizerUpdate u, float rawGradientNormSquared)
    {
        private readonly Vector<float> _scale = new(u.EffectiveGradientScale(rawGradientNormSquared));
        private readonly float _clip = u.ClipValue;
        private readonly float _l2 = u.L2, _l1 = u.L1;

        // Called once per vector of the update: the JIT left it out of line (1.4% of a training run's samples).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Apply(Vector<float> g, Vector<float> w)
        {
            g *= _scale;
            if (_clip > 0f) g = Vector.Clamp(g, new Vector<float>(-_clip), new Vector<float>(_clip));
            if (_l2 != 0f) g += new Vector<float>(_l2) * w;
            if (_l1 != 0f)
            {
                var sign = Vector.ConditionalSelect(Vector.GreaterThan(w, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero)
                         - Vector.ConditionalSelect(Vector.LessThan(w, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero);
                g += new Vector<float>(_l1) * sign;
            }
            return g;
        }
    }

    private interface IRule
    {
        /// <summary>How many state vectors the rule reads and writes.</summary>
        static abstract int States { get; }

        void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v);
    }

    private readonly struct Sgd(float lr) : IRule
    {
        public static int States => 0;
        public void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v) => w -= new Vector<float>(lr) * g;
    }

    /// <summary>PyTorch's momentum: b = μb + g; step along b, or along g + μb for Nesterov.</summary>
    private readonly struct Momentum(float lr, float mu, bool nesterov) : IRule
    {
        public static int States => 1;
        public void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
        {
            var muV = new Vector<float>(mu);
            m = muV * m + g;
            w -= new Vector<float>(lr) * (nesterov ? g + muV * m : m);
        }
    }

    private readonly struct Adagrad(float lr, float eps) : IRule
    {
        public static int States => 1;
        public void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
        {
            m += g * g;
            w -= new Vector<float>(lr) * g / (Vector.SquareRoot(m) + new Vector<float>(eps));
        }
    }

    private readonly struct RmsProp(float lr, double alpha, float eps) : IRule
    {
        private readonly float _alpha = (float)alpha, _oneMinusAlpha = (float)(1 - alpha);

        public static int States => 1;
        public void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
        {
            m = new Vector<float>(_alpha) * m + new Vector<float>(_oneMinusAlpha) * g * g;
            w -= new Vector<float>(lr) * g / (Vector.SquareRoot(m) + new Vector<float>(eps));
        }
    }

    /// <summary>Adam with bias correction; AdamW when <c>decoupledDecay</c> &gt; 0 (p ← p(1 − lr·wd) first).</summary>
    private readonly struct Adam(in OptimizerUpdate u, float decoupledDecay) : IRule
    {
        private readonly float _b1 = (float)u.Beta1, _b2 = (float)u.Beta2, _eps = u.Epsilon;
        private readonly float _oneMinusB1 = (float)(1 - u.Beta1), _oneMinusB2 = (float)(1 - u.Beta2);
        private readonly float _decay = 1f - u.LearningRate * decoupledDecay;
        private readonly float _stepSize = (float)(u.LearningRate / (1 - Math.Pow(u.Beta1, u.Step)));
        private readonly float _invSqrtBias2 = (float)(1 / Math.Sqrt(1 - Math.Pow(u.Beta2, u.Step)));

        public static int States => 2;

        public void Apply(ref Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
        {
            w *= new Vector<float>(_decay);
            m = new Vector<float>(_b1) * m + new Vector<float>(_oneMinusB1) * g;
            v = new Vector<float>(_b2) * v + new Vector<float>(_oneMinusB2) * g * g;
            w -= new Vector<float>(_stepSize) * m / (Vector.SquareRoot(v) * new Vector<float>(_invSqrtBias2) + new Vector<float>(_eps));
        }
    }
}

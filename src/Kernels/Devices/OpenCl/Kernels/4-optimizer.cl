// One fused update per element (OptimizerUpdate): scale with the global-norm clip read from a device scalar, clip by
// value, coupled L2/L1, then the rule. kind: OptimizerKind (Sgd, Momentum, Nesterov, Adagrad, RmsProp, Adam, AdamW).
// Adam's bias corrections come from the host as stepSize = lr / (1 − β1^t) and invSqrtBias2 = 1 / sqrt(1 − β2^t);
// decay is 1 − lr·wd for AdamW and 1 otherwise. Decay rates and their complements are rounded from double on the
// host (as OptimizerUpdate keeps them), so 1 − β2 is not the float difference 1 − 0.999f.
kernel void optimizer_step(int kind, global float* p, int po, global const float* g, int go, global float* s1, int s1o, global float* s2, int s2o,
    global const float* normSquared, int no, float gradientScale, float maxNorm, float clipValue, float l2, float l1,
    float lr, float momentum, float alpha, float oneMinusAlpha, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float epsilon, float decay, float stepSize, float invSqrtBias2, int n)
{
    int i = get_global_id(0);
    if (i >= n) return;
    float scale = gradientScale;
    if (maxNorm > 0.0f) scale = gradientScale * fmin(1.0f, maxNorm / (gradientScale * sqrt(normSquared[no]) + 1e-6f)); // as clip_grad_norm_
    float w = p[po + i];
    float grad = g[go + i] * scale;
    if (clipValue > 0.0f) grad = clamp(grad, -clipValue, clipValue);
    if (l2 != 0.0f) grad += l2 * w;
    if (l1 != 0.0f) grad += l1 * sign(w);
    switch (kind)
    {
        case 0:
            w -= lr * grad;
            break;
        case 1:
        case 2:
        {
            float m = momentum * s1[s1o + i] + grad;
            s1[s1o + i] = m;
            w -= lr * (kind == 2 ? grad + momentum * m : m);
            break;
        }
        case 3:
        {
            float m = s1[s1o + i] + grad * grad;
            s1[s1o + i] = m;
            w -= lr * grad / (sqrt(m) + epsilon);
            break;
        }
        case 4:
        {
            float m = alpha * s1[s1o + i] + oneMinusAlpha * grad * grad;
            s1[s1o + i] = m;
            w -= lr * grad / (sqrt(m) + epsilon);
            break;
        }
        default:
        {
            w *= decay;
            float m = beta1 * s1[s1o + i] + oneMinusBeta1 * grad;
            float v = beta2 * s2[s2o + i] + oneMinusBeta2 * grad * grad;
            s1[s1o + i] = m;
            s2[s2o + i] = v;
            w -= stepSize * m / (sqrt(v) * invSqrtBias2 + epsilon);
            break;
        }
    }
    p[po + i] = w;
}

kernel void scale(global float* y, int yo, float beta, int n)
{
    int i = get_global_id(0);
    if (i >= n) return;
    y[yo + i] = beta == 0.0f ? 0.0f : beta * y[yo + i]; // beta = 0 ignores C, as BLAS does
}

kernel void axpby(float alpha, global const float* x, int xo, float beta, global float* y, int yo, int n)
{
    int i = get_global_id(0);
    if (i >= n) return;
    y[yo + i] = alpha * x[xo + i] + beta * y[yo + i];
}

kernel void add_row_vector(global float* x, int xo, int rows, int cols, global const float* v, int vo)
{
    int i = get_global_id(0);
    if (i >= rows * cols) return;
    x[xo + i] += v[vo + i % cols];
}

kernel void sum_rows(global const float* x, int xo, int rows, int cols, float beta, global float* s, int so)
{
    int c = get_global_id(0);
    if (c >= cols) return;
    acc_t sum = beta == 0.0f ? 0 : (acc_t)beta * s[so + c];
    for (int r = 0; r < rows; r++) sum += x[xo + r * cols + c];
    s[so + c] = (float)sum;
}

// result = beta·result + Σ x (or Σ x² when squares): one work-group, each work-item striding over x, then a tree in
// local memory. One group keeps the result a device scalar without a second pass; the vectors are at most a model.
kernel void reduce_sum(global const float* x, int xo, int n, int squares, float beta, global float* r, int ro)
{
    local acc_t partial[REDUCE_SIZE];
    int l = get_local_id(0), size = get_local_size(0);
    acc_t sum = 0;
    for (int i = l; i < n; i += size)
    {
        acc_t v = x[xo + i];
        sum += squares ? v * v : v;
    }
    partial[l] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = size / 2; width > 0; width /= 2)
    {
        if (l < width) partial[l] += partial[l + width];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (l == 0) r[ro] = (float)((beta == 0.0f ? 0 : (acc_t)beta * r[ro]) + partial[0]);
}

kernel void argmax_rows(global const float* x, int xo, int rows, int cols, global float* o, int oo)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    global const float* row = x + xo + r * cols;
    int best = 0;
    for (int c = 1; c < cols; c++)
        if (row[c] > row[best]) best = c;
    o[oo + r] = (float)best;
}

// kind: ActivationKind (Identity, Relu, LeakyRelu, Sigmoid, Tanh).
kernel void activation_forward(int kind, float slope, global const float* x, int xo, global float* y, int yo, int n)
{
    int i = get_global_id(0);
    if (i >= n) return;
    float v = x[xo + i];
    float r;
    switch (kind)
    {
        case 1: r = v > 0.0f ? v : 0.0f; break;
        case 2: r = v > 0.0f ? v : slope * v; break;
        case 3: r = 1.0f / (1.0f + exp(-v)); break;
        case 4: r = tanh(v); break;
        default: r = v; break;
    }
    y[yo + i] = r;
}

kernel void activation_backward(int kind, float slope, global const float* y, int yo, global const float* dy, int dyo, global float* dx, int dxo, int n)
{
    int i = get_global_id(0);
    if (i >= n) return;
    float v = y[yo + i];
    float d;
    switch (kind)
    {
        case 1: d = v > 0.0f ? 1.0f : 0.0f; break;
        case 2: d = v > 0.0f ? 1.0f : slope; break;
        case 3: d = v * (1.0f - v); break;
        case 4: d = (1.0f - v) * (1.0f + v); break; // not 1 − v²: that loses its low bits where tanh saturates
        default: d = 1.0f; break;
    }
    dx[dxo + i] = dy[dyo + i] * d;
}

// The GEMM used when CLBlast is missing: one work-item per element of C, reading op(A) and op(B) through their
// strides (row-major, packed). Correct for every transpose, and far slower than CLBlast, hence the warning.
kernel void gemm(int transA, int transB, int m, int n, int k, float alpha, global const float* a, int ao, int lda,
    global const float* b, int bo, float beta, global float* c, int co)
{
    int id = get_global_id(0);
    if (id >= m * n) return;
    int i = id / n, j = id % n;
    float sum = 0.0f;
    for (int p = 0; p < k; p++)
        sum += a[ao + (transA ? p * lda + i : i * lda + p)] * b[bo + (transB ? j * k + p : p * n + j)];
    c[co + id] = alpha * sum + (beta == 0.0f ? 0.0f : beta * c[co + id]); // beta = 0 ignores C, as BLAS does
}

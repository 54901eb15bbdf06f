// Batch norm, split as the stream contract splits it so replicas can add moments and reductions in between.
// Column kernels run one work-item per column over all rows; elementwise ones one per value.
kernel void column_moments(global const float* x, int xo, int rows, int cols, global float* m, int mo)
{
    int c = get_global_id(0);
    if (c >= cols) return;
    acc_t sum = 0, squares = 0;
    for (int r = 0; r < rows; r++)
    {
        acc_t v = x[xo + r * cols + c];
        sum += v;
        squares += v * v;
    }
    m[mo + c] += (float)sum;
    m[mo + cols + c] += (float)squares;
}

kernel void batch_norm_statistics(global const float* m, int mo, int count, int cols, float momentum, float epsilon,
    global float* s, int so, global float* rm, int rmo, global float* rv, int rvo)
{
    int c = get_global_id(0);
    if (c >= cols) return;
    acc_t mean = (acc_t)m[mo + c] / count;
    acc_t variance = fmax((acc_t)0, (acc_t)m[mo + cols + c] / count - mean * mean); // biased, used to normalise
    s[so + c] = (float)mean;
    s[so + cols + c] = (float)(1 / sqrt(variance + epsilon));
    rm[rmo + c] = (float)((1 - momentum) * rm[rmo + c] + momentum * mean);
    rv[rvo + c] = (float)((1 - momentum) * rv[rvo + c] + momentum * variance * count / (count - 1)); // unbiased, as PyTorch
}

kernel void batch_norm_inference_statistics(global const float* rm, int rmo, global const float* rv, int rvo, int cols, float epsilon, global float* s, int so)
{
    int c = get_global_id(0);
    if (c >= cols) return;
    s[so + c] = rm[rmo + c];
    s[so + cols + c] = (float)(1 / sqrt((acc_t)rv[rvo + c] + epsilon));
}

kernel void batch_norm_normalize(global const float* x, int xo, global float* y, int yo, int rows, int cols,
    global const float* s, int so, global const float* g, int go, global const float* b, int bo)
{
    int i = get_global_id(0);
    if (i >= rows * cols) return;
    int c = i % cols;
    y[yo + i] = g[go + c] * (x[xo + i] - s[so + c]) * s[so + cols + c] + b[bo + c];
}

kernel void batch_norm_backward_reductions(global const float* x, int xo, global const float* dy, int dyo, int rows, int cols,
    global const float* s, int so, global float* red, int ro)
{
    int c = get_global_id(0);
    if (c >= cols) return;
    acc_t sumDy = 0, sumDyXhat = 0;
    for (int r = 0; r < rows; r++)
    {
        int i = r * cols + c;
        acc_t xhat = ((acc_t)x[xo + i] - s[so + c]) * s[so + cols + c];
        sumDy += dy[dyo + i];
        sumDyXhat += dy[dyo + i] * xhat;
    }
    red[ro + c] += (float)sumDy;
    red[ro + cols + c] += (float)sumDyXhat;
}

kernel void batch_norm_backward_input(global const float* x, int xo, global const float* dy, int dyo, int rows, int cols, int count,
    global const float* s, int so, global const float* g, int go, global const float* red, int ro, global float* dx, int dxo)
{
    int i = get_global_id(0);
    if (i >= rows * cols) return;
    int c = i % cols;
    float xhat = (x[xo + i] - s[so + c]) * s[so + cols + c];
    dx[dxo + i] = g[go + c] * s[so + cols + c] * (dy[dyo + i] - red[ro + c] / count - xhat * red[ro + cols + c] / count);
}

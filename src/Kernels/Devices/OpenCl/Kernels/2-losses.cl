// One work-item per row: rows are short (classes or outputs), and a row's loss needs its whole row.
kernel void softmax_cross_entropy_forward(global const float* x, int xo, global const float* t, int to, int rows, int classes,
    global float* p, int po, global float* l, int lo, global int* error)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    global const float* row = x + xo + r * classes;
    global float* prob = p + po + r * classes;
    float max = -INFINITY;
    for (int c = 0; c < classes; c++) max = fmax(max, row[c]);
    acc_t sum = 0;
    for (int c = 0; c < classes; c++) sum += exp(row[c] - max);
    float logSum = (float)log(sum);
    for (int c = 0; c < classes; c++) prob[c] = exp(row[c] - max - logSum);
    int label = class_index(t[to + r], classes);
    if (label < 0) report_bad_label(error, 1, r, t[to + r], classes);
    l[lo + r] = label < 0 ? NAN : logSum + (max - row[label]); // −log softmax at the label, never log(0); max − x first keeps logits near 1000 exact
}

kernel void softmax_cross_entropy_backward(global const float* p, int po, global const float* t, int to, int rows, int classes,
    float scale, global float* d, int dOffset, global int* error)
{
    int i = get_global_id(0);
    if (i >= rows * classes) return;
    int label = class_index(t[to + i / classes], classes);
    if (label < 0) report_bad_label(error, 2, i / classes, t[to + i / classes], classes);
    d[dOffset + i] = label < 0 ? NAN : scale * (p[po + i] - (i % classes == label ? 1.0f : 0.0f));
}

kernel void mean_squared_error_forward(global const float* x, int xo, global const float* t, int to, int rows, int cols, global float* l, int lo)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    acc_t sum = 0;
    for (int c = 0; c < cols; c++)
    {
        acc_t e = (acc_t)x[xo + r * cols + c] - t[to + r * cols + c];
        sum += e * e;
    }
    l[lo + r] = (float)(sum / cols);
}

kernel void mean_squared_error_backward(global const float* x, int xo, global const float* t, int to, int n, int cols, float scale, global float* d, int dOffset)
{
    int i = get_global_id(0);
    if (i >= n) return;
    d[dOffset + i] = scale * 2.0f * (x[xo + i] - t[to + i]) / cols;
}

kernel void bce_with_logits_forward(global const float* x, int xo, global const float* t, int to, int rows, int cols, global float* l, int lo)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    acc_t sum = 0;
    for (int c = 0; c < cols; c++)
    {
        float v = x[xo + r * cols + c];
        sum += fmax(v, 0.0f) - v * t[to + r * cols + c] + log1p(exp(-fabs(v)));
    }
    l[lo + r] = (float)(sum / cols);
}

kernel void bce_with_logits_backward(global const float* x, int xo, global const float* t, int to, int n, int cols, float scale, global float* d, int dOffset)
{
    int i = get_global_id(0);
    if (i >= n) return;
    d[dOffset + i] = scale * (1.0f / (1.0f + exp(-x[xo + i])) - t[to + i]) / cols;
}

// Inverted dropout, forward and backward alike: the mask is regenerated from the key (DropoutKey.Keeps), never stored.
kernel void dropout(global const float* a, int ao, global float* b, int bo, int rows, int cols, float rate, float keepScale,
    ulong seed, ulong stream, int rowOffset)
{
    int i = get_global_id(0);
    if (i >= rows * cols) return;
    ulong index = (ulong)(rowOffset + i / cols) * (ulong)cols + (ulong)(i % cols);
    b[bo + i] = counter_uniform(seed, stream, index) >= rate ? a[ao + i] * keepScale : 0.0f;
}

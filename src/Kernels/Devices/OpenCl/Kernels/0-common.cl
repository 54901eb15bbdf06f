// Shared definitions. Every kernel takes each span as a (buffer, offset) pair, since spans are windows of one
// buffer and never sub-buffers. Elementwise kernels are launched over a global size rounded up to the work-group
// size, hence the bounds check at the top of each. Sums accumulate in double where the device has it, as the
// reference does, and in float otherwise.
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
#else
typedef float acc_t;
#endif

// Local size of the single-work-group reductions; the host launches exactly this many work-items (or the device's
// maximum work-group size when smaller, a power of two).
#define REDUCE_SIZE 256 // OpenClContext.GroupSize is at most this

// CounterRandom.Bits (src/Kernels/Random/CounterRandom.cs), bit for bit: SplitMix64's finalizer over a key folding
// (seed, stream, index), so a dropout mask drawn here equals the CPU's.
ulong splitmix_finalize(ulong z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

ulong counter_bits(ulong seed, ulong stream, ulong index)
{
    ulong z = seed * 0x9E3779B97F4A7C15UL ^ (stream + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL ^ index * 0x94D049BB133111EBUL;
    z = splitmix_finalize(z + 0x9E3779B97F4A7C15UL);
    return splitmix_finalize(z ^ index);
}

// CounterRandom.Uniform: the top 24 bits scaled into [0, 1), exact in float.
float counter_uniform(ulong seed, ulong stream, ulong index)
{
    return (float)(counter_bits(seed, stream, index) >> 40) * (1.0f / 16777216.0f);
}

// A class index stored as a float, or -1 when it is not an integer in [0, classes). Checking labels on the host
// would cost a round trip per batch, so a kernel that meets a bad one writes NaN and records the first such label in
// the stream's error word (op, row, label bits, classes), which the host reads at its next wait and throws from.
int class_index(float label, int classes)
{
    int index = (int)label;
    return (float)index == label && index >= 0 && index < classes ? index : -1;
}

void report_bad_label(global int* error, int op, int row, float label, int classes)
{
    if (atomic_cmpxchg(error, 0, op) == 0)
    {
        error[1] = row;
        error[2] = as_int(label);
        error[3] = classes;
    }
}

using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// Four ints on the device where a stream's kernels record the first bad input they meet (op, row, label bits,
/// classes) instead of throwing, which a kernel cannot do. The stream reads the word behind every download, record and
/// synchronize, so the error surfaces as an exception at the caller's next wait, and resets it so the stream stays usable.
/// </summary>
internal sealed unsafe class KernelErrorWord : IDisposable
{
    private const int Ints = 4;
    private static readonly string[] Ops = ["", "softmax-cross-entropy", "softmax-cross-entropy backward"];

    private readonly string _device;
    private nint _memory;

    public KernelErrorWord(OpenClContext context, string device)
    {
        _device = device;
        _memory = context.CreateZeroedBuffer(Ints * sizeof(int));
    }

    public nint Memory => _memory;

    /// <summary>Enqueues a read of the word into a new pinned array, then a reset; <paramref name="clEvent"/> completes with the read.</summary>
    public int[] EnqueueRead(nint queue, out nint clEvent)
    {
        var word = GC.AllocateArray<int>(Ints, pinned: true);
        nint completion;
        fixed (int* p = word)
            OpenClApi.Check(OpenClApi.EnqueueReadBuffer(queue, _memory, 0, 0, Ints * sizeof(int), p, 0, null, &completion), "clEnqueueReadBuffer(error word)");
        clEvent = completion;
        Reset(queue);
        return word;
    }

    /// <summary>At a point where the queue is finished: throws the recorded error, if any, after resetting the word.</summary>
    public void ThrowIfSet(nint queue)
    {
        var word = new int[Ints];
        fixed (int* p = word)
            OpenClApi.Check(OpenClApi.EnqueueReadBuffer(queue, _memory, 1, 0, Ints * sizeof(int), p, 0, null, null), "clEnqueueReadBuffer(error word)");
        if (word[0] == 0) return;
        Reset(queue);
        throw ErrorOf(word)!;
    }

    private void Reset(nint queue)
    {
        int zero = 0;
        OpenClApi.Check(OpenClApi.EnqueueFillBuffer(queue, _memory, &zero, sizeof(int), 0, Ints * sizeof(int), 0, null, null), "clEnqueueFillBuffer(error word)");
    }

    /// <summary>The exception a word read back describes, or null when no kernel recorded an error. Worded as the reference's check.</summary>
    public Exception? ErrorOf(int[] word)
    {
        if (word[0] == 0) return null;
        string op = word[0] < Ops.Length ? Ops[word[0]] : $"kernel error {word[0]}";
        float label = BitConverter.Int32BitsToSingle(word[2]);
        return new ArgumentException($"{op}: label {label} at row {word[1]} is not a class index in [0, {word[3]}) (found on {_device} by a kernel, reported at the next wait)");
    }

    public void Dispose()
    {
        if (_memory == 0) return;
        OpenClApi.ReleaseMemObject(_memory);
        _memory = 0;
    }
}

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Recycled float arrays of exact lengths, for the chunks a step sends: a worker's gradient chunks and, in the async
/// modes, the parameter copies a shard lends to one worker. Without it every step allocated a copy of the whole model
/// twice over; the chunks are still in flight at a gen-0 collection, so they are promoted and copied — on a 2-core host
/// that cost half the data-parallel throughput (see README, Benchmarks).
/// <para>Ownership is by hand, as with <see cref="System.Buffers.ArrayPool{T}"/>: whoever holds the last reference
/// returns the array (the shard once a gradient chunk is applied or summed, the worker once a lent parameter chunk is
/// uploaded). An array that is never returned (a dropped or dead-lettered message, a crashed actor) is simply collected;
/// one that arrives through serialization is a fresh copy and may be returned like any other.</para>
/// </summary>
internal sealed class ChunkPool
{
    /// <summary>
    /// Arrays kept per length: two steps' worth of in-flight chunks for four workers of a model of 32 chunks per length
    /// (16 MiB of 64 KiB chunks); beyond it, returns are dropped. Kept for the life of the process, like ArrayPool's.
    /// </summary>
    public const int MaxPerLength = 256;

    private readonly Dictionary<int, Stack<float[]>> _free = [];

    /// <summary>
    /// A check for tests: arrays given back and lent gradient memory are filled with NaN the
    /// moment their owner lets go, so whatever still reads them turns the run's numbers into NaN instead of passing
    /// silently with values that happen to be close. Off in production (it costs a fill per chunk).
    /// </summary>
    public static bool PoisonReleased { get; set; }

    /// <summary>Fills <paramref name="values"/> with NaN when <see cref="PoisonReleased"/> is on.</summary>
    public static void Poison(Span<float> values)
    {
        if (PoisonReleased) values.Fill(float.NaN);
    }

    /// <summary>The process-wide pool: chunks cross actors, and so threads, on one host.</summary>
    public static ChunkPool Shared { get; } = new();

    /// <summary>An array of exactly <paramref name="length"/> values with arbitrary contents: the caller overwrites all of them.</summary>
    public float[] Rent(int length)
    {
        lock (_free)
        {
            if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var array)) return array;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Gives an array back; the caller must hold no reference to it, nor have handed one to anybody still reading it.</summary>
    public void Return(float[] array)
    {
        if (array.Length == 0) return;
        Poison(array);
        lock (_free)
        {
            if (!_free.TryGetValue(array.Length, out var stack)) _free[array.Length] = stack = new Stack<float[]>();
            if (stack.Count < MaxPerLength) stack.Push(array);
        }
    }

    /// <summary>Gives back the array behind a gradient chunk the caller owns (not <see cref="GradientChunk.Lent"/>).</summary>
    public void Return(GradientChunk chunk)
    {
        if (!chunk.Lent) Return(chunk.Values);
    }

    /// <summary>Gives back the array behind <paramref name="values"/> if they are a whole array the caller owns; a view of part of one is left alone.</summary>
    public void Return(ReadOnlyMemory<float> values)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(values, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            Return(segment.Array);
    }

    /// <summary>Arrays held for reuse, over every length (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_free) return _free.Values.Sum(s => s.Count);
        }
    }
}

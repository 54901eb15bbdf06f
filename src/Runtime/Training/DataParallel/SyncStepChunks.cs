namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// A shard's view of the sync step in progress, chunk by chunk: which live workers have pushed each chunk. The
/// optimizer is elementwise, so a chunk can be applied the moment its last push arrives and its fresh parameters can
/// leave while the workers are still pushing the rest — the step's communication becomes a pipeline, not three phases.
/// A chunk marked done gives its pushes' arrays back to <paramref name="pool"/> (lent views are simply let go): the shard
/// has applied or summed them.
/// </summary>
internal sealed class SyncStepChunks(int chunks, int workers, ChunkPool? pool = null)
{
    private readonly GradientChunk?[,] _pushes = new GradientChunk?[chunks, workers];
    private readonly bool[] _done = new bool[chunks];
    private readonly int[] _pushedBy = Enumerable.Repeat(-1, chunks * workers).ToArray(); // [chunk * workers + worker]: the incarnation whose push counted, kept once done

    public int Count => _done.Length;

    /// <summary>Pushed chunks held for the copies of other workers: the shard's backlog.</summary>
    public int Held { get; private set; }

    /// <summary>Chunks applied (or, when clipping, summed) in this step.</summary>
    public int Done { get; private set; }

    public bool AllDone => Done == _done.Length;

    public void Reset()
    {
        Array.Clear(_pushes);
        Array.Clear(_done);
        Array.Fill(_pushedBy, -1);
        Done = Held = 0;
    }

    /// <summary>
    /// Records one push; true when the chunk now holds a push from every live worker and is not done yet. A restarted
    /// worker's newer incarnation replaces its older one; a chunk already done ignores repeats (a redone step pushes the
    /// same values, since it starts from the same parameters and batch).
    /// </summary>
    public bool Add(int chunk, GradientChunk push, int[] live)
    {
        if (_done[chunk]) return false;
        if (_pushes[chunk, push.Worker] is { } previous && previous.Incarnation > push.Incarnation) return false;
        if (_pushes[chunk, push.Worker] is null) Held++;
        _pushes[chunk, push.Worker] = push;
        _pushedBy[chunk * workers + push.Worker] = push.Incarnation;
        foreach (int worker in live)
            if (_pushes[chunk, worker] is null) return false;
        return true;
    }

    /// <summary>A re-plan: pushes of chunks not yet done came from the old plan's split of the batch; done chunks stay done.</summary>
    public void DropPushes()
    {
        Array.Clear(_pushes);
        for (int chunk = 0; chunk < _done.Length; chunk++)
            if (!_done[chunk]) Array.Fill(_pushedBy, -1, chunk * workers, workers);
        Held = 0;
    }

    /// <summary>
    /// The incarnation of <paramref name="worker"/> whose push of <paramref name="chunk"/> counted in this step (kept
    /// after the chunk is done), -1 if none: a shard writes a chunk into a computing worker's replica only if that very
    /// incarnation pushed it (see <see cref="ReplicaTarget"/>).
    /// </summary>
    public int PushedBy(int chunk, int worker) => _pushedBy[chunk * workers + worker];

    public GradientChunk Push(int chunk, int worker) =>
        _pushes[chunk, worker] ?? throw new InvalidOperationException($"chunk {chunk} has no push from worker {worker}");

    public bool IsDone(int chunk) => _done[chunk];

    /// <summary>The chunk is applied (or summed): its pushes are no longer needed, and their arrays go back to the pool.</summary>
    public void MarkDone(int chunk)
    {
        _done[chunk] = true;
        Done++;
        for (int w = 0; w < _pushes.GetLength(1); w++)
        {
            if (_pushes[chunk, w] is not { } push) continue;
            Held--;
            _pushes[chunk, w] = null;
            pool?.Return(push);
        }
    }
}

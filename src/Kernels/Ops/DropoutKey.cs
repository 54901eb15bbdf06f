using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Ops;

/// <summary>
/// Names one dropout mask. The mask bit of element (row, col) is a pure function of (seed, layer, step, global row, col),
/// so the same sample gets the same mask whichever device or data-parallel replica processes it, and backward can
/// regenerate the mask instead of storing it.
/// </summary>
/// <param name="RowOffset">index of this batch's first row within the global mini-batch.</param>
public readonly record struct DropoutKey(ulong Seed, int Layer, long Step, int RowOffset)
{
    /// <summary>True when element (row, col) of a matrix with <paramref name="cols"/> columns is kept.</summary>
    public bool Keeps(int row, int col, int cols, float rate) =>
        CounterRandom.Uniform(Seed, StreamId, (ulong)(RowOffset + row) * (ulong)cols + (ulong)col) >= rate;

    /// <summary>The counter stream: layer in the high bits and step in the low 40, so masks never repeat within a run.</summary>
    public ulong StreamId => ((ulong)Layer << 40) ^ (ulong)Step;
}

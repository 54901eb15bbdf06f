using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Data;

/// <summary>
/// Mini-batches of one data set: a seeded permutation per epoch, and host buffers allocated once and refilled for every
/// batch, so the input pipeline allocates nothing per step. Batch b of epoch e is a pure function of (seed, e, b).
/// </summary>
public sealed class BatchSource
{
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly float[] _features;
    private readonly float[] _targets;
    private readonly float[] _scratch;
    private readonly Augmentation _augmentation;
    private readonly ulong _seed;
    private int _epoch = -1;

    public BatchSource(Dataset data, int batchSize, ulong seed, Augmentation? augmentation = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        if (data.Count == 0) throw new ArgumentException($"{data.Name} holds no samples");
        _data = data;
        BatchSize = batchSize;
        _seed = seed;
        _augmentation = augmentation ?? new Augmentation();
        if (_augmentation.IsEnabled && data.Image is null) throw new ArgumentException($"{data.Name}: augmentation needs image data");
        _order = Enumerable.Range(0, data.Count).ToArray();
        _features = new float[batchSize * data.Width];
        _targets = new float[batchSize * data.TargetWidth];
        _scratch = new float[data.Width];
    }

    public int BatchSize { get; }

    /// <summary>Batches per epoch; the last one may be smaller.</summary>
    public int BatchesPerEpoch => (_data.Count + BatchSize - 1) / BatchSize;

    public Dataset Data => _data;

    /// <summary>Fills the buffers with batch <paramref name="batch"/> of <paramref name="epoch"/>; returns its rows.</summary>
    public int Fill(int epoch, int batch, out ReadOnlyMemory<float> features, out ReadOnlyMemory<float> targets)
    {
        if (epoch != _epoch) Reorder(epoch);
        int start = batch * BatchSize;
        if (batch < 0 || start >= _data.Count) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"epoch has {BatchesPerEpoch} batches");
        int rows = Math.Min(BatchSize, _data.Count - start);
        for (int i = 0; i < rows; i++)
        {
            int sample = _order[start + i];
            Span<float> row = _features.AsSpan(i * _data.Width, _data.Width);
            _data.Row(sample).CopyTo(row);
            if (_augmentation.IsEnabled) _augmentation.Apply(row, _scratch, _data.Image!.Value, _seed, epoch, sample);
            _data.Target(sample).CopyTo(_targets.AsSpan(i * _data.TargetWidth));
        }
        features = _features.AsMemory(0, rows * _data.Width);
        targets = _targets.AsMemory(0, rows * _data.TargetWidth);
        return rows;
    }

    private void Reorder(int epoch)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        new SeededRandom(_seed, 0xE90C0000UL + (ulong)epoch).Shuffle(_order.AsSpan());
        _epoch = epoch;
    }
}

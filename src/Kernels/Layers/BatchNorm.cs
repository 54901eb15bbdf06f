using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Initializers;

namespace ActorTrain.Kernels.Layers;

/// <summary>
/// Batch normalisation over the rows of dense activations (PyTorch's BatchNorm1d): training normalises with the batch's
/// biased variance and updates running mean and unbiased variance with <see cref="Momentum"/>; evaluation uses the
/// running statistics. With a <see cref="ICrossReplicaReducer"/> in the context, moments and backward sums are added
/// across replicas first (SyncBatchNorm), which equals one device normalising the concatenated batch.
/// State: running mean, running variance. Scratch: moments (2c), saved mean and 1/std (2c), backward sums (2c).
/// </summary>
public sealed class BatchNorm : Layer
{
    public BatchNorm(float momentum = 0.1f, float epsilon = 1e-5f) : base("batch-norm")
    {
        if (!(momentum is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "batch-norm momentum must be in [0, 1]");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "batch-norm epsilon must be positive");
        Momentum = momentum;
        Epsilon = epsilon;
    }

    public float Momentum { get; }
    public float Epsilon { get; }

    private int C => InputWidth;

    public override IReadOnlyList<ParameterSpec> ParameterSpecs =>
    [
        new("gamma", C, C, C, new ConstantInitializer(1f)),
        new("beta", C, C, C, new ConstantInitializer(0f)),
    ];

    public override int StateLength => 2 * C;

    public override int ScratchLength => 6 * C;

    public override void InitializeState(Span<float> state)
    {
        state[..C].Clear();  // running mean 0
        state[C..].Fill(1f); // running variance 1
    }

    private DeviceSpan RunningMean => StateSpan.Slice(0, C);
    private DeviceSpan RunningVar => StateSpan.Slice(C, C);
    private DeviceSpan Moments => Scratch.Slice(0, 2 * C);
    private DeviceSpan Saved => Scratch.Slice(2 * C, 2 * C);
    private DeviceSpan Sums => Scratch.Slice(4 * C, 2 * C);

    private static int Count(in LayerContext c, int rows) => c.Reducer is null ? rows : c.GlobalRows;

    public override void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows)
    {
        var s = context.Stream;
        if (context.Training)
        {
            // The stream checks this too, but only the layer can say which layer of the model got the bad batch.
            int count = Count(context, rows);
            if (count < 2) throw new ArgumentException($"layer {this}: batch norm in training needs at least 2 rows per batch, got {count}");
            s.Fill(Moments, 0f);
            s.ColumnMoments(x, rows, C, Moments);
            context.Reducer?.AllReduce(s, Moments);
            s.BatchNormStatistics(Moments, count, C, Momentum, Epsilon, Saved, RunningMean, RunningVar);
        }
        else
        {
            s.BatchNormInferenceStatistics(RunningMean, RunningVar, C, Epsilon, Saved);
        }
        s.BatchNormNormalize(x, y, rows, C, Saved, Weights[0], Weights[1]);
    }

    public override void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows)
    {
        var s = context.Stream;
        s.Fill(Sums, 0f);
        s.BatchNormBackwardReductions(x, dy, rows, C, Saved, Sums);
        // The local sums are this replica's dBeta and dGamma: add them before the all-reduce, since the parameter
        // server adds replicas' gradients itself.
        s.Axpby(1f, Sums.Slice(0, C), 1f, WeightGradients[1]);
        s.Axpby(1f, Sums.Slice(C, C), 1f, WeightGradients[0]);
        if (dx.IsEmpty) return;
        context.Reducer?.AllReduce(s, Sums);
        s.BatchNormBackwardInput(x, dy, rows, C, Count(context, rows), Saved, Weights[0], Sums, dx);
    }
}

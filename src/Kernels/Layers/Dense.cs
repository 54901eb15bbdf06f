using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Layers;

/// <summary>
/// Fully connected layer y = x Wᵀ + b, with W stored (out × in) as PyTorch's nn.Linear, so weights and fixtures
/// compare element for element.  x is (rows, in), W is (out, in), y is (rows, out).
/// </summary>
public sealed class Dense : Layer
{
    private readonly IInitializer _weightInitializer;
    private readonly IInitializer _biasInitializer;
    private readonly int _blockWeights;

    /// <param name="gradientBlockWeights">
    /// about this many weights per block when the backward pass reports the weight gradient in parts (to a
    /// data-parallel worker whose shards run on other cores); the default, 256 KiB, is a few shard chunks.
    /// </param>
    public Dense(int outputs, IInitializer? weightInitializer = null, IInitializer? biasInitializer = null, int gradientBlockWeights = DefaultGradientBlockWeights) : base("dense")
    {
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "a dense layer needs at least one output");
        if (gradientBlockWeights <= 0) throw new ArgumentOutOfRangeException(nameof(gradientBlockWeights), gradientBlockWeights, "a gradient block needs at least one weight");
        Outputs = outputs;
        _blockWeights = gradientBlockWeights;
        _weightInitializer = weightInitializer ?? new XavierUniformInitializer();
        _biasInitializer = biasInitializer ?? new ConstantInitializer(0f);
    }

    public int Outputs { get; }

    protected override int OutputWidthFor(int inputWidth) => Outputs;

    public override IReadOnlyList<ParameterSpec> ParameterSpecs =>
    [
        new("weight", Outputs * InputWidth, InputWidth, Outputs, _weightInitializer),
        new("bias", Outputs, InputWidth, Outputs, _biasInitializer),
    ];

    public override void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows)
    {
        var s = context.Stream;
        s.Gemm(Transpose.None, Transpose.Transposed, rows, Outputs, InputWidth, 1f, x, Weights[0], 0f, y);
        s.AddRowVector(y, rows, Outputs, Weights[1]);
    }

    public override void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows)
    {
        var s = context.Stream;
        if (context.GradientsFinalFrom is { } final)
        {
            BackwardInBlocks(context, final, x, dy, dx, rows);
            return;
        }
        s.Gemm(Transpose.Transposed, Transpose.None, Outputs, InputWidth, rows, 1f, dy, x, 1f, WeightGradients[0]); // dW += dyᵀ x
        s.SumRows(dy, rows, Outputs, 1f, WeightGradients[1]);                                                     // db += Σ_rows dy
        if (!dx.IsEmpty) s.Gemm(Transpose.None, Transpose.None, rows, InputWidth, Outputs, 1f, dy, Weights[0], 0f, dx); // dx = dy W
    }

    public const int DefaultGradientBlockWeights = 1 << 16;

    /// <summary>
    /// The same gradient, reported in parts for a caller that ships it as it completes (a data-parallel worker, whose
    /// shards then update the first blocks while the last still compute — the first layer is most of an MLP's
    /// weights, and is last in the backward pass). dx first, since it reads W and a shipped part of W may be written
    /// anew at once; then db; then dW in blocks of output rows, last first (the complete part grows from the end),
    /// each dyᵀ's column block times x, read in place through GEMM's leading dimension.
    /// </summary>
    private void BackwardInBlocks(in LayerContext context, Action<int> final, DeviceSpan x, DeviceSpan dy, DeviceSpan dx, int rows)
    {
        var s = context.Stream;
        if (!dx.IsEmpty) s.Gemm(Transpose.None, Transpose.None, rows, InputWidth, Outputs, 1f, dy, Weights[0], 0f, dx);
        s.SumRows(dy, rows, Outputs, 1f, WeightGradients[1]);
        final(context.ParameterOffset + Outputs * InputWidth);
        // Whole GEMM micro-tiles of 16 rows where the block holds that many; an input wider than the block itself gets
        // 16-row blocks rather than a GEMM and a push per row.
        int blockRows = _blockWeights / InputWidth;
        blockRows = blockRows >= 16 ? blockRows & ~15 : blockRows >= 1 ? blockRows : 16;
        for (int end = Outputs; end > 0; end -= blockRows)
        {
            int start = Math.Max(0, end - blockRows), count = end - start;
            if (rows > 0)
                s.Gemm(Transpose.Transposed, Transpose.None, count, InputWidth, rows, 1f, dy.Slice(start, (rows - 1) * Outputs + count), x, 1f,
                    WeightGradients[0].Slice(start * InputWidth, count * InputWidth), lda: Outputs);
            if (start > 0) final(context.ParameterOffset + start * InputWidth); // the layer's start: Sequential reports it
        }
    }
}

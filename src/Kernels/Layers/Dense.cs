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

    public Dense(int outputs, IInitializer? weightInitializer = null, IInitializer? biasInitializer = null) : base("dense")
    {
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "a dense layer needs at least one output");
        Outputs = outputs;
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
        s.Gemm(Transpose.Transposed, Transpose.None, Outputs, InputWidth, rows, 1f, dy, x, 1f, WeightGradients[0]); // dW += dyᵀ x
        s.SumRows(dy, rows, Outputs, 1f, WeightGradients[1]);                                                     // db += Σ_rows dy
        if (!dx.IsEmpty) s.Gemm(Transpose.None, Transpose.None, rows, InputWidth, Outputs, 1f, dy, Weights[0], 0f, dx); // dx = dy W
    }
}

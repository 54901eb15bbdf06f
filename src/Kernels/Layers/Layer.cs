using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Layers;

/// <summary>
/// One layer: forward and backward side by side. Inputs and outputs are row-major (rows × width) device spans owned by
/// the model. Backward accumulates (+=) into the parameter gradients; zeroing them is the model's explicit job.
/// A layer is connected once (it learns its input width and index) and bound once to its slices of the flat vectors.
/// </summary>
public abstract class Layer
{
    private static readonly IReadOnlyList<DeviceSpan> NoSpans = [];

    protected Layer(string kind) => Kind = kind;

    /// <summary>"dense", "relu", "dropout", …</summary>
    public string Kind { get; }

    /// <summary>Unique within a model, e.g. "dense0"; set when the model connects the layer.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Position in the model; also the dropout stream.</summary>
    public int Index { get; private set; }

    public int InputWidth { get; private set; }

    public int OutputWidth { get; private set; }

    /// <summary>Parameter tensors this layer needs, in layout order.</summary>
    public virtual IReadOnlyList<ParameterSpec> ParameterSpecs => [];

    /// <summary>Non-trainable values kept across steps and saved in checkpoints (running statistics).</summary>
    public virtual int StateLength => 0;

    /// <summary>Per-pass device memory the layer needs besides its output (saved statistics).</summary>
    public virtual int ScratchLength => 0;

    /// <summary>True when the output is the input itself (Flatten): the model then shares the buffer and the gradient.</summary>
    public virtual bool AliasesInput => false;

    protected IReadOnlyList<DeviceSpan> Weights { get; private set; } = NoSpans;
    protected IReadOnlyList<DeviceSpan> WeightGradients { get; private set; } = NoSpans;
    protected DeviceSpan StateSpan { get; private set; }
    protected DeviceSpan Scratch { get; private set; }

    internal void Connect(int index, string name, int inputWidth)
    {
        if (inputWidth <= 0) throw new ArgumentException($"layer {name}: input width must be positive, got {inputWidth}");
        Index = index;
        Name = name;
        InputWidth = inputWidth;
        OutputWidth = OutputWidthFor(inputWidth);
    }

    internal void Bind(IReadOnlyList<DeviceSpan> parameters, IReadOnlyList<DeviceSpan> gradients, DeviceSpan state, DeviceSpan scratch)
    {
        Weights = parameters;
        WeightGradients = gradients;
        StateSpan = state;
        Scratch = scratch;
    }

    protected virtual int OutputWidthFor(int inputWidth) => inputWidth;

    /// <summary>Initial values of <see cref="StateLength"/> state (host side, before upload).</summary>
    public virtual void InitializeState(Span<float> state) { }

    /// <summary>y (rows × OutputWidth) from x (rows × InputWidth).</summary>
    public abstract void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows);

    /// <summary>
    /// Adds this batch's parameter gradients and, unless <paramref name="dx"/> is empty (first layer), writes dL/dx.
    /// Gets the forward input and output too, so no layer keeps hidden copies.
    /// </summary>
    public abstract void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows);

    public override string ToString() => $"{Name} ({Kind} {InputWidth}→{OutputWidth})";
}

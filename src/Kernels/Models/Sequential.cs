using System.Numerics.Tensors;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Models;

/// <summary>
/// A stack of layers on one device, with all parameters in one flat vector (<see cref="Parameters"/>), gradients in a
/// second of the same <see cref="Layout"/>, non-trainable state (running statistics) in a third, and every activation
/// and activation-gradient buffer allocated once for <see cref="MaxRows"/> rows, so a training step allocates nothing.
/// </summary>
public sealed class Sequential : IDisposable
{
    private readonly DeviceBuffer _input;
    private readonly DeviceBuffer _inputGradient;
    private readonly DeviceBuffer? _scratch;
    private readonly DeviceSpan[] _outputs;          // per layer; an aliasing layer's is its input's
    private readonly DeviceSpan[] _outputGradients;  // per layer, same sharing
    private readonly bool[] _needsInputGradient;     // false where nothing upstream has parameters
    private readonly List<DeviceBuffer> _owned = [];

    public Sequential(IDevice device, int inputWidth, IEnumerable<Layer> layers, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (maxRows <= 0) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "a model needs room for at least one row");
        Device = device;
        InputWidth = inputWidth;
        MaxRows = maxRows;
        Layers = layers.ToList();
        if (Layers.Count == 0) throw new ArgumentException("a model needs at least one layer");

        var counts = new Dictionary<string, int>();
        _parameterStart = new int[Layers.Count];
        int width = inputWidth;
        var segments = new List<ParameterSegment>();
        int stateLength = 0, scratchLength = 0;
        for (int i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            int n = counts.GetValueOrDefault(layer.Kind);
            counts[layer.Kind] = n + 1;
            layer.Connect(i, $"{layer.Kind}{n}", width);
            width = layer.OutputWidth;
            _parameterStart[i] = segments.Count == 0 ? 0 : segments[^1].End;
            foreach (var spec in layer.ParameterSpecs)
                segments.Add(new ParameterSegment($"{layer.Name}.{spec.Role}", layer.Name, spec.Role, segments.Count == 0 ? 0 : segments[^1].End, spec.Length, spec.FanIn, spec.FanOut));
            stateLength += layer.StateLength;
            scratchLength += layer.ScratchLength;
        }
        OutputWidth = width;
        Layout = new ParameterLayout(segments);

        Parameters = Own(device.Allocate(Layout.Length));
        Gradients = Own(device.Allocate(Layout.Length));
        State = Own(device.Allocate(stateLength));
        _scratch = scratchLength > 0 ? Own(device.Allocate(scratchLength)) : null;
        _input = Own(device.Allocate(checked(maxRows * inputWidth)));
        _inputGradient = Own(device.Allocate(checked(maxRows * inputWidth)));

        _outputs = new DeviceSpan[Layers.Count];
        _outputGradients = new DeviceSpan[Layers.Count];
        _needsInputGradient = new bool[Layers.Count];
        bool parametersUpstream = false;
        int stateOffset = 0, scratchOffset = 0;
        for (int i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            _needsInputGradient[i] = parametersUpstream;
            if (layer.AliasesInput)
            {
                _outputs[i] = i == 0 ? _input.All : _outputs[i - 1];
                _outputGradients[i] = i == 0 ? _inputGradient.All : _outputGradients[i - 1];
            }
            else
            {
                _outputs[i] = Own(device.Allocate(checked(maxRows * layer.OutputWidth))).All;
                _outputGradients[i] = Own(device.Allocate(checked(maxRows * layer.OutputWidth))).All;
            }
            var own = Layout.OfLayer(layer.Name).ToList();
            layer.Bind(
                own.Select(s => Parameters.Slice(s.Offset, s.Length)).ToList(),
                own.Select(s => Gradients.Slice(s.Offset, s.Length)).ToList(),
                State.Slice(stateOffset, layer.StateLength),
                _scratch is null ? default : _scratch.Slice(scratchOffset, layer.ScratchLength));
            stateOffset += layer.StateLength;
            scratchOffset += layer.ScratchLength;
            parametersUpstream |= own.Count > 0;
        }
    }

    public IDevice Device { get; }
    /// <summary>Offset of each layer's first parameter: the flat gradient from there on is final once that layer's backward ran.</summary>
    private readonly int[] _parameterStart;

    public IReadOnlyList<Layer> Layers { get; }
    public ParameterLayout Layout { get; }
    public int InputWidth { get; }
    public int OutputWidth { get; }
    public int MaxRows { get; }

    /// <summary>All trainable parameters, laid out by <see cref="Layout"/>.</summary>
    public DeviceBuffer Parameters { get; }

    /// <summary>Gradients, same layout; backward adds into it, <see cref="ZeroGradients"/> clears it.</summary>
    public DeviceBuffer Gradients { get; }

    /// <summary>Non-trainable state (batch-norm running statistics), saved with checkpoints.</summary>
    public DeviceBuffer State { get; }

    /// <summary>The model's own input buffer (MaxRows × InputWidth), filled by <see cref="LoadInput"/>.</summary>
    public DeviceSpan Input => _input.All;

    /// <summary>Gradient of the loss with respect to the output, for the loss to write into.</summary>
    public DeviceSpan OutputGradient(int rows) => _outputGradients[^1].Slice(0, rows * OutputWidth);

    /// <summary>The gradient with respect to the input after a <see cref="Backward"/> that asked for it (model-parallel stages).</summary>
    public DeviceSpan InputGradient(int rows) => _inputGradient.Slice(0, rows * InputWidth);

    private DeviceBuffer Own(DeviceBuffer buffer)
    {
        _owned.Add(buffer);
        return buffer;
    }

    /// <summary>Fills parameters from each layer's initializer and resets state. Each segment draws from its own
    /// stream keyed by its name, so adding or reshaping one layer leaves the others' initial values unchanged.</summary>
    public void Initialize(IDeviceStream stream, ulong seed)
    {
        var host = new float[Layout.Length];
        int segment = 0;
        foreach (var layer in Layers)
        foreach (var spec in layer.ParameterSpecs)
        {
            var s = Layout.Segments[segment++];
            spec.Initializer.Fill(host.AsSpan(s.Offset, s.Length), s.FanIn, s.FanOut, new SeededRandom(seed, StreamOf(s.Name)));
        }
        stream.Upload(host, Parameters.All).Wait();
        var state = new float[State.Length];
        int offset = 0;
        foreach (var layer in Layers)
        {
            layer.InitializeState(state.AsSpan(offset, layer.StateLength));
            offset += layer.StateLength;
        }
        stream.Upload(state, State.All).Wait();
        ZeroGradients(stream);
    }

    /// <summary>FNV-1a of the segment name: a stable RNG stream per parameter tensor.</summary>
    public static ulong StreamOf(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    /// <summary>Checks shape and finiteness of a host batch, then uploads it into <see cref="Input"/>.</summary>
    public DeviceEvent LoadInput(IDeviceStream stream, ReadOnlyMemory<float> batch, int rows)
    {
        CheckRows(rows);
        if (batch.Length != rows * InputWidth)
            throw new ArgumentException($"layer {Layers[0]}: a batch of {rows} rows needs {rows}×{InputWidth} = {rows * InputWidth} input values, got {batch.Length}");
        ReadOnlySpan<float> values = batch.Span;
        if (!float.IsFinite(TensorPrimitives.Sum(values)))
        {
            int bad = 0; // the sum is a cheap screen; only a bad batch pays for the scan
            while (bad < values.Length && float.IsFinite(values[bad])) bad++;
            if (bad < values.Length)
                throw new ArgumentException($"layer {Layers[0]}: input row {bad / InputWidth}, column {bad % InputWidth} is {values[bad]} (shape {rows}×{InputWidth})");
        }
        return stream.Upload(batch, _input.Slice(0, rows * InputWidth));
    }

    private void CheckRows(int rows)
    {
        if (rows <= 0) throw new ArgumentException($"layer {Layers[0]}: empty batch ({rows} rows)");
        if (rows > MaxRows) throw new ArgumentException($"layer {Layers[0]}: batch of {rows} rows exceeds the {MaxRows} this model was built for");
    }

    /// <summary>Runs every layer on the first <paramref name="rows"/> rows of <see cref="Input"/>; returns the output rows.</summary>
    public DeviceSpan Forward(in LayerContext context, int rows)
    {
        CheckRows(rows);
        var x = _input.All;
        for (int i = 0; i < Layers.Count; i++)
        {
            Layers[i].Forward(context, x, _outputs[i], rows);
            x = _outputs[i];
        }
        return _outputs[^1].Slice(0, rows * OutputWidth);
    }

    /// <summary>
    /// Backpropagates <see cref="OutputGradient"/> (already written by the loss) and adds into <see cref="Gradients"/>.
    /// The first layer's input gradient is skipped unless <paramref name="needInputGradient"/> (a model-parallel stage).
    /// </summary>
    /// <param name="gradientsFinalFrom">
    /// called after each layer's backward with the offset from which the flat gradient is complete (layers run last to
    /// first, so it only falls): a data-parallel worker ships that tail while the rest still computes.
    /// </param>
    /// <param name="withinLayers">report within layers as well, as they finish parts of their gradient (<see cref="Dense"/>
    /// in blocks of weights), for a consumer working on another core; otherwise once per layer.</param>
    public void Backward(in LayerContext context, int rows, bool needInputGradient = false, Action<int>? gradientsFinalFrom = null, bool withinLayers = false)
    {
        CheckRows(rows);
        for (int i = Layers.Count - 1; i >= 0; i--)
        {
            var x = i == 0 ? _input.All : _outputs[i - 1];
            var dx = i == 0 ? _inputGradient.All : _outputGradients[i - 1];
            bool wanted = needInputGradient || _needsInputGradient[i];
            // Only this method reports within layers: a callback the caller left in the context would get offsets of nothing.
            var layerContext = gradientsFinalFrom is not null && withinLayers
                ? context with { GradientsFinalFrom = gradientsFinalFrom, ParameterOffset = _parameterStart[i] }
                : context with { GradientsFinalFrom = null };
            Layers[i].Backward(layerContext, x, _outputs[i], _outputGradients[i], wanted ? dx : default, rows);
            gradientsFinalFrom?.Invoke(_parameterStart[i]);
        }
    }

    public void ZeroGradients(IDeviceStream stream) => stream.Fill(Gradients.All, 0f);

    /// <summary>
    /// Diagnoses a non-finite loss: the first layer whose output, or parameter segment whose gradient, holds NaN/∞.
    /// Downloads, so it is only called once a loss is already bad.
    /// </summary>
    public string DescribeFirstNonFinite(IDeviceStream stream, int rows)
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            var values = Download(stream, _outputs[i].Slice(0, rows * Layers[i].OutputWidth));
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0) return $"layer {Layers[i]} output row {bad / Layers[i].OutputWidth} is {values[bad]}";
        }
        var gradients = Download(stream, Gradients.All);
        foreach (var s in Layout.Segments)
        {
            int bad = Array.FindIndex(gradients, s.Offset, s.Length, v => !float.IsFinite(v));
            if (bad >= 0) return $"gradient of {s.Name} (layer {s.Layer}) is {gradients[bad]} at index {bad - s.Offset}";
        }
        return "no non-finite layer output or gradient found";
    }

    public static float[] Download(IDeviceStream stream, DeviceSpan span)
    {
        var host = new float[span.Length];
        stream.Download(span, host).Wait();
        return host;
    }

    public void Dispose()
    {
        foreach (var b in _owned) b.Dispose();
        _owned.Clear();
    }

    public override string ToString() => $"{InputWidth} → " + string.Join(" → ", Layers.Select(l => $"{l.Name}({l.OutputWidth})"));
}

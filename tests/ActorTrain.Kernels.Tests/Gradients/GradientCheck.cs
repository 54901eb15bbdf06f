using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// A small model plus loss on one device, with seeded random parameters, inputs and targets, that can report its
/// analytic gradients (Sequential.Backward) and central differences of its scalar loss (the mean of per-row losses).
/// <para>
/// Tolerance. Values are stored in float32, so a loss of size ~1 carries rounding noise of ~1e-6 after a few layers;
/// with a step of <see cref="Epsilon"/> = 1e-2 that is ~1e-4 in a difference quotient, and the truncation error of
/// a central difference (ε²/6 · f''') is of the same order for tanh, sigmoid, softmax and batch norm. So an analytic
/// gradient a passes against the numeric n when |a − n| ≤ 1e-3 + 1e-2 · max(|a|, |n|). Gradients here are ~0.01–1,
/// so a gradient off by a factor (even 1.1×) or with the wrong sign fails (checked by scaling Tanh's backward by
/// 1.1, flipping ReLU's sign, zeroing LeakyReLU's slope and flipping batch norm's dBeta). Inputs keep |x| ≥ 0.1 so no
/// step of ε crosses a ReLU kink.
/// </para>
/// </summary>
internal sealed class GradientCheck : IDisposable
{
    public const float Epsilon = 1e-2f;
    public const double AbsoluteTolerance = 1e-3;
    public const double RelativeTolerance = 1e-2;

    private readonly float[] _input;
    private readonly DeviceBuffer _targets;
    private readonly DeviceBuffer _losses;
    private readonly Loss _loss;

    /// <param name="device">owned: disposed with the check.</param>
    public GradientCheck(IDevice device, int inputWidth, IEnumerable<Layer> layers, Loss loss, int rows, int seed = 1)
    {
        Rows = rows;
        _loss = loss;
        Stream = device.CreateStream();
        Model = new Sequential(device, inputWidth, layers, rows);
        Model.Initialize(Stream, (ulong)seed);
        var random = new System.Random(seed);

        var parameters = new float[Model.Layout.Length];
        foreach (var segment in Model.Layout.Segments)
        {
            for (int i = segment.Offset; i < segment.End; i++)
                parameters[i] = segment.Role == "gamma" ? 0.5f + random.NextSingle() : random.NextSingle() - 0.5f;
        }
        Stream.Upload(parameters, Model.Parameters.All).Wait();

        _input = new float[rows * inputWidth];
        for (int i = 0; i < _input.Length; i++)
            _input[i] = (random.Next(2) == 0 ? -1f : 1f) * (0.1f + 0.9f * random.NextSingle());

        int targetWidth = loss.TargetWidth(Model.OutputWidth);
        var targets = new float[rows * targetWidth];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = loss switch
            {
                SoftmaxCrossEntropy => random.Next(Model.OutputWidth),
                BinaryCrossEntropyWithLogits => random.NextSingle(),
                _ => 2f * random.NextSingle() - 1f,
            };
        }
        _targets = device.Allocate(targets.Length);
        Stream.Upload(targets, _targets.All).Wait();
        _losses = device.Allocate(rows);
    }

    public IDeviceStream Stream { get; }
    public Sequential Model { get; }
    public int Rows { get; }

    /// <summary>Training mode with a fixed dropout key (seed 11, step 3), so every evaluation draws the same mask.</summary>
    public LayerContext Context => new(Stream, Training: true, Step: 3, Seed: 11, GlobalRows: Rows);

    public float[] Parameters => Sequential.Download(Stream, Model.Parameters.All);

    public float[] Input => (float[])_input.Clone();

    /// <summary>Mean loss for the given parameters and input (both host copies; the model keeps them afterwards).</summary>
    public double Loss(float[] parameters, float[] input)
    {
        Evaluate(parameters, input);
        return Sequential.Download(Stream, _losses.All).Average(v => (double)v);
    }

    /// <summary>Forward pass and per-row losses; returns the model output.</summary>
    private DeviceSpan Evaluate(float[] parameters, float[] input)
    {
        Stream.Upload(parameters, Model.Parameters.All).Wait();
        Model.LoadInput(Stream, input, Rows).Wait();
        var output = Model.Forward(Context, Rows);
        _loss.Forward(Stream, output, _targets.All, Rows, Model.OutputWidth, _losses.All);
        return output;
    }

    /// <summary>dLoss/dParameters and dLoss/dInput by backpropagation.</summary>
    public (float[] Parameters, float[] Input) Analytic()
    {
        var output = Evaluate(Parameters, _input);
        _loss.Backward(Stream, output, _targets.All, Rows, Model.OutputWidth, 1f / Rows, Model.OutputGradient(Rows));
        Model.ZeroGradients(Stream);
        Model.Backward(Context, Rows, needInputGradient: true);
        return (Sequential.Download(Stream, Model.Gradients.All), Sequential.Download(Stream, Model.InputGradient(Rows)));
    }

    /// <summary>Central differences over every parameter and every input value.</summary>
    public (double[] Parameters, double[] Input) Numeric()
    {
        float[] parameters = Parameters;
        var dParameters = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
            dParameters[i] = Difference(parameters, i, p => Loss(p, _input));
        Stream.Upload(parameters, Model.Parameters.All).Wait();

        float[] input = Input;
        var dInput = new double[input.Length];
        for (int i = 0; i < input.Length; i++)
            dInput[i] = Difference(input, i, x => Loss(parameters, x));
        return (dParameters, dInput);
    }

    /// <summary>(L(v + ε) − L(v − ε)) / (actual float32 step), restoring v afterwards.</summary>
    private static double Difference(float[] values, int i, Func<float[], double> loss)
    {
        float original = values[i];
        float plus = original + Epsilon, minus = original - Epsilon;
        values[i] = plus;
        double up = loss(values);
        values[i] = minus;
        double down = loss(values);
        values[i] = original;
        return (up - down) / ((double)plus - minus);
    }

    /// <summary>Runs both and asserts every parameter and input gradient agrees; names the parameter segment on failure.</summary>
    public void AssertGradientsMatch()
    {
        var analytic = Analytic();
        var numeric = Numeric();
        for (int i = 0; i < analytic.Parameters.Length; i++)
            AssertClose(analytic.Parameters[i], numeric.Parameters[i], $"{Model.Layout.At(i).Name}[{i - Model.Layout.At(i).Offset}]");
        for (int i = 0; i < analytic.Input.Length; i++)
            AssertClose(analytic.Input[i], numeric.Input[i], $"input[{i / Model.InputWidth}, {i % Model.InputWidth}]");

        // Not vacuous: some gradient must be well above the absolute tolerance.
        double largest = analytic.Parameters.Concat(analytic.Input).Max(v => Math.Abs((double)v));
        Assert.True(largest > 20 * AbsoluteTolerance, $"largest gradient {largest} is too small for the check to mean anything");
    }

    public static void AssertClose(double analytic, double numeric, string what)
    {
        double allowed = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= allowed, $"d loss / d {what}: analytic {analytic:G6}, central difference {numeric:G6} (allowed ±{allowed:G3})");
    }

    public void Dispose()
    {
        _targets.Dispose();
        _losses.Dispose();
        Model.Dispose();
        Stream.Dispose();
        Model.Device.Dispose();
    }
}

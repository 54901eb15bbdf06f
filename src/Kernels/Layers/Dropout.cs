using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Layers;

/// <summary>
/// Inverted dropout: in training each element is kept with probability 1 − rate and scaled by 1/(1 − rate), so
/// evaluation is the identity. The mask comes from a counter-based RNG keyed by (seed, layer, step, global row, col).
/// </summary>
public sealed class Dropout : Layer
{
    public Dropout(float rate) : base("dropout")
    {
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "dropout rate must be in [0, 1)");
        Rate = rate;
    }

    public float Rate { get; }

    private DropoutKey Key(in LayerContext c) => new(c.Seed, Index, c.Step, c.RowOffset);

    public override void Forward(in LayerContext context, DeviceSpan x, DeviceSpan y, int rows)
    {
        int n = rows * InputWidth;
        if (context.Training && Rate > 0f) context.Stream.DropoutForward(x, y, rows, InputWidth, Rate, Key(context));
        else context.Stream.Copy(x.Slice(0, n), y.Slice(0, n));
    }

    public override void Backward(in LayerContext context, DeviceSpan x, DeviceSpan y, DeviceSpan dy, DeviceSpan dx, int rows)
    {
        if (dx.IsEmpty) return;
        int n = rows * InputWidth;
        if (context.Training && Rate > 0f) context.Stream.DropoutBackward(dy, dx, rows, InputWidth, Rate, Key(context));
        else context.Stream.Copy(dy.Slice(0, n), dx.Slice(0, n));
    }
}

using System.Runtime.CompilerServices;
using System.Text;

namespace ActorTrain.Kernels.Devices.Reference;

/// <summary>
/// The text of a shape check, formatted only when the check fails: ops run every step, and an eagerly built
/// "gemm A (128x784)" string per call would be the only allocation of a training step.
/// </summary>
[InterpolatedStringHandler]
public ref struct CheckMessage
{
    private StringBuilder? _text;

    /// <summary>For <c>Require(span, count, …)</c>: formats when the span is shorter than <paramref name="count"/>.</summary>
    public CheckMessage(int literalLength, int formattedCount, DeviceSpan span, long count, out bool failing)
    {
        failing = span.Length < count;
        _text = failing ? new StringBuilder(literalLength + 16 * formattedCount) : null;
    }

    /// <summary>For <c>CheckSameLength(a, b, …)</c>: formats when the lengths differ.</summary>
    public CheckMessage(int literalLength, int formattedCount, DeviceSpan a, DeviceSpan b, out bool failing)
    {
        failing = a.Length != b.Length;
        _text = failing ? new StringBuilder(literalLength + 16 * formattedCount) : null;
    }

    public void AppendLiteral(string value) => _text?.Append(value);

    public void AppendFormatted<T>(T value) => _text?.Append(value);

    public override string ToString() => _text?.ToString() ?? "";
}

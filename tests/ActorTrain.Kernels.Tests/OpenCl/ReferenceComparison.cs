using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>
/// Runs one op on the device under test and on the <see cref="ReferenceDevice"/> from the same inputs and compares
/// every buffer afterwards. Each input sits at an offset inside a larger buffer whose padding must come back untouched,
/// so offsets are exercised and a write outside a span is caught.
/// </summary>
internal sealed class ReferenceComparison(IDevice device)
{
    private const int Pad = 3;
    private const float PadValue = -7.25f;
    private readonly ReferenceDevice _reference = new();

    public static float[] Gaussian(int length, ulong seed, float scale = 1f)
    {
        var random = new SeededRandom(seed, 11);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextGaussian() * scale);
        return values;
    }

    public static float[] Uniform(int length, ulong seed, float low, float high)
    {
        var random = new SeededRandom(seed, 13);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        return values;
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance · max(1, |expected|) for every value of every buffer (NaN must match NaN).</summary>
    public void AssertMatches(float tolerance, float[][] inputs, Action<IDeviceStream, DeviceSpan[]> op)
    {
        var expected = Run(_reference, inputs, op);
        var actual = Run(device, inputs, op);
        for (int b = 0; b < inputs.Length; b++)
        for (int i = 0; i < expected[b].Length; i++)
        {
            float e = expected[b][i], a = actual[b][i];
            bool close = float.IsNaN(e) ? float.IsNaN(a) : Math.Abs(a - e) <= tolerance * Math.Max(1f, Math.Abs(e));
            Assert.True(close, $"buffer {b} value {i - Pad} (of {inputs[b].Length}): {device.Name} gave {a}, the reference {e} (tolerance {tolerance})");
        }
    }

    /// <summary>The op's buffers on <paramref name="on"/> after it ran, padding included.</summary>
    public static float[][] Run(IDevice on, float[][] inputs, Action<IDeviceStream, DeviceSpan[]> op)
    {
        using var stream = on.CreateStream();
        var buffers = inputs.Select(input => on.Allocate(input.Length + 2 * Pad)).ToArray();
        try
        {
            for (int b = 0; b < inputs.Length; b++)
            {
                var padded = new float[inputs[b].Length + 2 * Pad];
                Array.Fill(padded, PadValue);
                inputs[b].CopyTo(padded, Pad);
                stream.Upload(padded, buffers[b].All).Wait();
            }
            op(stream, buffers.Select((buffer, b) => buffer.Slice(Pad, inputs[b].Length)).ToArray());
            return buffers.Select(buffer => Models.Sequential.Download(stream, buffer.All)).ToArray();
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
        }
    }
}

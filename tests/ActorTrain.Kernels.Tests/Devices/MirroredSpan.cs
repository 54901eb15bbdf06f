using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// One operand held with the same values on the device under test and on the reference device, each as a slice at a
/// non-zero odd offset of a larger buffer whose other values are <see cref="Sentinel"/>: an op that reads past its
/// span gets a huge value into its result, and one that writes past it is caught by <see cref="AssertGuardsUntouched"/>.
/// </summary>
public sealed class MirroredSpan : IDisposable
{
    /// <summary>Finite, so a stray read shows up as a wrong (or infinite) result rather than as an exception.</summary>
    public const float Sentinel = 8.5e37f;

    private const int GuardAfter = 5;

    private readonly OraclePair _pair;
    private readonly DeviceBuffer _under;
    private readonly DeviceBuffer _reference;

    internal MirroredSpan(OraclePair pair, float[] values, int offset)
    {
        _pair = pair;
        Length = values.Length;
        Offset = offset;
        _under = pair.Device.Allocate(offset + values.Length + GuardAfter);
        _reference = pair.ReferenceDevice.Allocate(offset + values.Length + GuardAfter);
        var filled = new float[_under.Length];
        Array.Fill(filled, Sentinel);
        values.CopyTo(filled, offset);
        pair.Stream.Upload(filled, _under.All).Wait();
        pair.ReferenceStream.Upload(filled, _reference.All).Wait();
        Under = _under.Slice(offset, Length);
        Reference = _reference.Slice(offset, Length);
    }

    public int Length { get; }

    public int Offset { get; }

    /// <summary>The slice on the device under test.</summary>
    public DeviceSpan Under { get; }

    /// <summary>The slice on the reference device.</summary>
    public DeviceSpan Reference { get; }

    /// <summary>The slice that belongs to <paramref name="stream"/>'s device, so one lambda can drive both devices.</summary>
    public DeviceSpan On(IDeviceStream stream) => ReferenceEquals(stream.Device, _pair.ReferenceDevice) ? Reference : Under;

    public float[] Actual() => _pair.Download(_pair.Stream, Under);

    public float[] Expected() => _pair.Download(_pair.ReferenceStream, Reference);

    /// <summary>Replaces the values on both devices (a new gradient for the next optimizer step, say).</summary>
    public void Set(float[] values)
    {
        _pair.Stream.Upload(values, Under).Wait();
        _pair.ReferenceStream.Upload(values, Reference).Wait();
    }

    public void AssertGuardsUntouched()
    {
        float[] whole = _pair.Download(_pair.Stream, _under.All);
        for (int i = 0; i < whole.Length; i++)
        {
            if (i >= Offset && i < Offset + Length) continue;
            if (BitConverter.SingleToInt32Bits(whole[i]) != BitConverter.SingleToInt32Bits(Sentinel))
                Assert.Fail($"value {i} of the buffer holding span [{Offset}, {Offset + Length}) was overwritten with {whole[i]}");
        }
    }

    public void Dispose()
    {
        _under.Dispose();
        _reference.Dispose();
    }
}

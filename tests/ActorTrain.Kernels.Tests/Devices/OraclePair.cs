using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Reference;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// A device under test beside the reference device: operands are created on both with the same seeded values, each op
/// runs on both, and every operand's surroundings are checked after each op.
/// </summary>
public sealed class OraclePair : IDisposable
{
    private readonly List<MirroredSpan> _operands = [];

    public OraclePair(IDevice device, ulong seed)
    {
        Device = device;
        Stream = device.CreateStream();
        ReferenceStream = ReferenceDevice.CreateStream();
        Random = new SeededRandom(seed);
    }

    public IDevice Device { get; }

    public IDeviceStream Stream { get; }

    public ReferenceDevice ReferenceDevice { get; } = new();

    public IDeviceStream ReferenceStream { get; }

    public SeededRandom Random { get; }

    /// <summary>An operand with the given values; offsets cycle through odd values so no two operands share an alignment pattern.</summary>
    public MirroredSpan Upload(float[] values)
    {
        var operand = new MirroredSpan(this, values, offset: 1 + 2 * (_operands.Count % 6));
        _operands.Add(operand);
        return operand;
    }

    public MirroredSpan Gaussian(int length, double scale = 1.0) => Upload(GaussianValues(length, scale));

    public MirroredSpan Uniform(int length, double low, double high) => Upload(UniformValues(length, low, high));

    public MirroredSpan Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return Upload(values);
    }

    public float[] GaussianValues(int length, double scale = 1.0)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(scale * Random.NextGaussian());
        return values;
    }

    public float[] UniformValues(int length, double low, double high)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(low + (high - low) * Random.NextDouble());
        return values;
    }

    /// <summary>Runs <paramref name="op"/> on the device under test, then on the reference, then checks every operand's guards.</summary>
    public void Run(Action<IDeviceStream> op)
    {
        op(Stream);
        Stream.Synchronize();
        op(ReferenceStream);
        foreach (var operand in _operands) operand.AssertGuardsUntouched();
    }

    internal float[] Download(IDeviceStream stream, DeviceSpan span)
    {
        var values = new float[span.Length];
        stream.Download(span, values).Wait();
        return values;
    }

    public void Dispose()
    {
        foreach (var operand in _operands) operand.Dispose();
        Stream.Dispose();
        ReferenceStream.Dispose();
        ReferenceDevice.Dispose();
        Device.Dispose();
    }
}

using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Bench.Kernels;

/// <summary>
/// The operands of one GEMM shape three times over, with the same values: on the OpenBLAS CPU device, on the managed
/// CPU device, and as pinned arrays for cblas_sgemm called directly. Each variant writes its own C.
/// </summary>
internal sealed unsafe class GemmCase : IDisposable
{
    private readonly GemmShape _shape;
    private readonly Operands _blas, _managed;
    private readonly float[] _a, _b, _c;

    public GemmCase(GemmShape shape, IDeviceStream blas, IDeviceStream managed, System.Random random)
    {
        _shape = shape;
        _a = Pinned(shape.M * shape.K, random);
        _b = Pinned(shape.K * shape.N, random);
        _c = Pinned(shape.M * shape.N, random);
        _blas = new Operands(blas, _a, _b, _c);
        _managed = new Operands(managed, _a, _b, _c);
    }

    /// <summary>stream.Gemm on DeviceSpans of the OpenBLAS CPU device: what layers call.</summary>
    public void Ours() => _blas.Gemm(_shape);

    public void Managed() => _managed.Gemm(_shape);

    public void Raw()
    {
        fixed (float* a = _a, b = _b, c = _c)
            RawOpenBlas.Gemm(_shape.TransA == Transpose.Transposed, _shape.TransB == Transpose.Transposed, _shape.M, _shape.N, _shape.K, 1f, a, b, _shape.Beta, c);
    }

    public void Dispose()
    {
        _blas.Dispose();
        _managed.Dispose();
    }

    private static float[] Pinned(int length, System.Random random)
    {
        var values = GC.AllocateArray<float>(length, pinned: true);
        for (int i = 0; i < length; i++) values[i] = random.NextSingle() * 2f - 1f;
        return values;
    }

    private sealed class Operands : IDisposable
    {
        private readonly IDeviceStream _stream;
        private readonly DeviceBuffer _a, _b, _c;

        public Operands(IDeviceStream stream, float[] a, float[] b, float[] c)
        {
            _stream = stream;
            _a = Upload(a);
            _b = Upload(b);
            _c = Upload(c);
        }

        public void Gemm(GemmShape s) => _stream.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, _a.All, _b.All, s.Beta, _c.All);

        private DeviceBuffer Upload(float[] values)
        {
            var buffer = _stream.Device.Allocate(values.Length);
            _stream.Upload(values, buffer.All).Wait();
            return buffer;
        }

        public void Dispose()
        {
            _a.Dispose();
            _b.Dispose();
            _c.Dispose();
        }
    }
}

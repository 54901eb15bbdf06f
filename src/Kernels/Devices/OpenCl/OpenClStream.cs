using System.Buffers;
using ActorTrain.Kernels.Native;
using ActorTrain.Kernels.Ops;
using static ActorTrain.Kernels.Devices.Reference.ReferenceStream;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// One in-order command queue on an OpenCL device. Every op only enqueues (no host round trip inside an op); the
/// shape checks are the reference stream's, so errors read the same on every device. Each stream creates its own
/// cl_kernel objects, because kernel arguments are per kernel object and clSetKernelArg is not thread-safe on a shared one.
/// </summary>
internal sealed unsafe partial class OpenClStream : IDeviceStream
{
    private readonly OpenClDevice _device;
    private readonly Dictionary<string, (nint Kernel, int MaxGroup)> _kernels = [];
    private readonly KernelErrorWord _errors;
    private readonly int _group;    // elementwise work-group size (OpenClContext.GroupSize)
    private readonly int _rowGroup; // per-row and per-column kernels: fewer items, each doing a row's work
    private nint _queue;

    public OpenClStream(OpenClDevice device)
    {
        _device = device;
        _queue = device.Context.CreateQueue();
        _errors = new KernelErrorWord(device.Context, device.Name);
        _group = device.Context.GroupSize;
        _rowGroup = Math.Min(32, _group);
    }

    public IDevice Device => _device;

    internal nint Queue => _queue != 0 ? _queue : throw new ObjectDisposedException($"stream of {_device.Name}");

    /// <summary>The cl_mem behind a span of this device; 0 for the empty default span (optional arguments).</summary>
    internal nint MemoryOf(DeviceSpan span)
    {
        if (span.Buffer is null) return 0;
        if (span.Buffer is not OpenClBuffer buffer || !ReferenceEquals(buffer.Device, _device))
            throw new ArgumentException($"span {span} does not belong to device {_device.Name}");
        return buffer.Memory;
    }

    /// <summary>This stream's kernel object of that name, created on first use with the largest work-group it allows
    /// (a power of two: a GPU may allow a register-hungry kernel less than the device maximum).</summary>
    private KernelCall Call(string name)
    {
        if (!_kernels.TryGetValue(name, out var entry))
        {
            nint kernel = _device.Context.Program.CreateKernel(name);
            nuint max;
            OpenClApi.Check(OpenClApi.GetKernelWorkGroupInfo(kernel, _device.Info.DeviceId, OpenClApi.KernelWorkGroupSize, (nuint)sizeof(nuint), &max, null), $"clGetKernelWorkGroupInfo({name})");
            _kernels[name] = entry = (kernel, OpenClContext.PowerOfTwoAtMost((long)max));
        }
        return new KernelCall(this, entry.Kernel, name, entry.MaxGroup);
    }

    // ---- memory ---------------------------------------------------------------------------------------------------

    public DeviceEvent Upload(ReadOnlyMemory<float> source, DeviceSpan destination)
    {
        Require(destination, source.Length, "upload destination");
        nint memory = MemoryOf(destination);
        if (source.IsEmpty) return Record();
        var pin = source.Pin(); // released by the event's completion callback, not before the copy is done
        nint clEvent;
        int status = OpenClApi.EnqueueWriteBuffer(Queue, memory, 0, (nuint)destination.Offset * sizeof(float), (nuint)source.Length * sizeof(float), pin.Pointer, 0, null, &clEvent);
        return Submitted(status, clEvent, pin, "clEnqueueWriteBuffer");
    }

    public DeviceEvent Download(DeviceSpan source, Memory<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"download of {source.Length} values into host memory of {destination.Length}");
        nint memory = MemoryOf(source);
        if (source.IsEmpty) return Record();
        var pin = destination.Pin();
        int status = OpenClApi.EnqueueReadBuffer(Queue, memory, 0, (nuint)source.Offset * sizeof(float), (nuint)source.Length * sizeof(float), pin.Pointer, 0, null, null);
        if (status != 0)
        {
            pin.Dispose();
            OpenClApi.Check(status, "clEnqueueReadBuffer");
        }
        return Checked(pin, "clEnqueueReadBuffer");
    }

    /// <summary>Reading the error word doubles as the marker: the queue is in order, so it completes after everything before it.</summary>
    public DeviceEvent Record() => Checked(default, "record");

    /// <summary>An event completing after everything enqueued so far, failing if a kernel recorded an error; it releases <paramref name="pin"/>.</summary>
    private OpenClEvent Checked(MemoryHandle pin, string call)
    {
        int[] word;
        nint clEvent;
        try
        {
            word = _errors.EnqueueRead(Queue, out clEvent);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
        var result = new OpenClEvent(clEvent, pin, call, word, _errors);
        OpenClApi.Check(OpenClApi.Flush(Queue), "clFlush"); // so the event completes without anyone calling clFinish
        return result;
    }

    /// <summary>Wraps an upload's event (uploads report no kernel errors: nothing ran that reads their data yet).</summary>
    private OpenClEvent Submitted(int status, nint clEvent, MemoryHandle pin, string call)
    {
        if (status != 0)
        {
            pin.Dispose();
            OpenClApi.Check(status, call);
        }
        var result = new OpenClEvent(clEvent, pin, call);
        OpenClApi.Check(OpenClApi.Flush(Queue), "clFlush");
        return result;
    }

    public void Synchronize()
    {
        OpenClApi.Check(OpenClApi.Finish(Queue), "clFinish");
        _errors.ThrowIfSet(Queue);
    }

    public void Fill(DeviceSpan x, float value)
    {
        nint memory = MemoryOf(x);
        if (x.IsEmpty) return;
        OpenClApi.Check(OpenClApi.EnqueueFillBuffer(Queue, memory, &value, sizeof(float), (nuint)x.Offset * sizeof(float), (nuint)x.Length * sizeof(float), 0, null, null), "clEnqueueFillBuffer");
    }

    public void Copy(DeviceSpan source, DeviceSpan destination)
    {
        CheckSameLength(source, destination, "copy");
        nint from = MemoryOf(source), to = MemoryOf(destination);
        if (source.IsEmpty || (from == to && source.Offset == destination.Offset)) return;
        if (from == to && Math.Abs(source.Offset - destination.Offset) < source.Length)
            throw new ArgumentException($"copy: {source} and {destination} overlap; OpenCL copies only between disjoint ranges");
        OpenClApi.Check(OpenClApi.EnqueueCopyBuffer(Queue, from, to, (nuint)source.Offset * sizeof(float), (nuint)destination.Offset * sizeof(float), (nuint)source.Length * sizeof(float), 0, null, null), "clEnqueueCopyBuffer");
    }

    public void Axpby(float alpha, DeviceSpan x, float beta, DeviceSpan y)
    {
        CheckSameLength(x, y, "axpby");
        Call("axpby").Float(alpha).Span(x).Float(beta).Span(y).Int(x.Length).Run(x.Length, _group);
    }

    // ---- linear algebra -------------------------------------------------------------------------------------------

    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, DeviceSpan a, DeviceSpan b, float beta, DeviceSpan c, int lda = 0)
    {
        int ld = CheckGemm(transA, transB, m, n, k, a, b, c, lda);
        nint ma = MemoryOf(a), mb = MemoryOf(b), mc = MemoryOf(c);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) // CLBlast rejects k = 0; both cases are C = beta·C
        {
            Call("scale").Span(c).Float(beta).Int(m * n).Run(m * n, _group);
            return;
        }
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        if (_device.UsesClBlast) ClBlast.Gemm(Queue, ta, tb, m, n, k, alpha, ma, a.Offset, ld, mb, b.Offset, beta, mc, c.Offset);
        else Call("gemm").Int(ta ? 1 : 0).Int(tb ? 1 : 0).Int(m).Int(n).Int(k).Float(alpha).Span(a).Int(ld).Span(b).Float(beta).Span(c).Run(m * n, _group);
    }

    public void AddRowVector(DeviceSpan matrix, int rows, int cols, DeviceSpan vector)
    {
        CheckMatrix(rows, cols, "add-row-vector");
        Require(matrix, (long)rows * cols, "add-row-vector matrix");
        Require(vector, cols, "add-row-vector vector");
        Call("add_row_vector").Span(matrix).Int(rows).Int(cols).Span(vector).Run(rows * cols, _group);
    }

    public void SumRows(DeviceSpan matrix, int rows, int cols, float beta, DeviceSpan result)
    {
        CheckMatrix(rows, cols, "sum-rows");
        Require(matrix, (long)rows * cols, "sum-rows matrix");
        Require(result, cols, "sum-rows result");
        Call("sum_rows").Span(matrix).Int(rows).Int(cols).Float(beta).Span(result).Run(cols, _rowGroup);
    }

    public void SumOfSquares(DeviceSpan x, float beta, DeviceSpan result)
    {
        Require(result, 1, "sum-of-squares result");
        Reduce(x, squares: true, beta, result);
    }

    public void Sum(DeviceSpan x, DeviceSpan result)
    {
        Require(result, 1, "sum result");
        Reduce(x, squares: false, 0f, result);
    }

    private void Reduce(DeviceSpan x, bool squares, float beta, DeviceSpan result)
    {
        Call("reduce_sum").Span(x).Int(x.Length).Int(squares ? 1 : 0).Float(beta).Span(result).RunOneGroup(_group);
    }

    public void ArgMaxRows(DeviceSpan matrix, int rows, int cols, DeviceSpan result)
    {
        CheckMatrix(rows, cols, "argmax-rows");
        Require(matrix, (long)rows * cols, "argmax-rows matrix");
        Require(result, rows, "argmax-rows result");
        Call("argmax_rows").Span(matrix).Int(rows).Int(cols).Span(result).Run(rows, _rowGroup);
    }

    // ---- activations ----------------------------------------------------------------------------------------------

    public void ActivationForward(Activation activation, DeviceSpan x, DeviceSpan y)
    {
        CheckSameLength(x, y, $"{activation} forward");
        Call("activation_forward").Int(KindOf(activation)).Float(activation.Slope).Span(x).Span(y).Int(x.Length).Run(x.Length, _group);
    }

    public void ActivationBackward(Activation activation, DeviceSpan y, DeviceSpan dy, DeviceSpan dx)
    {
        CheckSameLength(y, dy, $"{activation} backward");
        CheckSameLength(y, dx, $"{activation} backward");
        Call("activation_backward").Int(KindOf(activation)).Float(activation.Slope).Span(y).Span(dy).Span(dx).Int(y.Length).Run(y.Length, _group);
    }

    private static int KindOf(Activation activation) => activation.Kind is >= ActivationKind.Identity and <= ActivationKind.Tanh
        ? (int)activation.Kind
        : throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");

    public void Dispose()
    {
        if (_queue == 0) return;
        OpenClApi.Finish(_queue);
        foreach (var (kernel, _) in _kernels.Values) OpenClApi.ReleaseKernel(kernel);
        _kernels.Clear();
        OpenClApi.ReleaseCommandQueue(_queue);
        _queue = 0;
        _errors.Dispose();
    }
}

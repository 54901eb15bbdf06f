using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// Sets one kernel's arguments in order and enqueues it: spans become (cl_mem, offset) pairs, as every kernel in
/// Kernels/*.cl takes them. Arguments are captured by clSetKernelArg at once, so the call can be reused right away.
/// </summary>
internal unsafe ref struct KernelCall(OpenClStream stream, nint kernel, string name, int maxGroup)
{
    private uint _index;

    public KernelCall Span(DeviceSpan span)
    {
        nint memory = stream.MemoryOf(span);
        int offset = span.Buffer is null ? 0 : span.Offset;
        Set(&memory, (nuint)sizeof(nint));
        Set(&offset, sizeof(int));
        return this;
    }

    /// <summary>A raw cl_mem argument without an offset (the stream's error word).</summary>
    public KernelCall Memory(nint memory)
    {
        Set(&memory, (nuint)sizeof(nint));
        return this;
    }

    public KernelCall Int(int value)
    {
        Set(&value, sizeof(int));
        return this;
    }

    public KernelCall Float(float value)
    {
        Set(&value, sizeof(float));
        return this;
    }

    public KernelCall ULong(ulong value)
    {
        Set(&value, sizeof(ulong));
        return this;
    }

    private void Set(void* value, nuint size)
    {
        int status = OpenClApi.SetKernelArg(kernel, _index, size, value);
        if (status != 0) throw new OpenClException($"clSetKernelArg({name}, {_index})", status); // message built only on failure: this runs per argument per launch
        _index++;
    }

    /// <summary>Enqueues <paramref name="items"/> work-items in groups of <paramref name="group"/> (a power of two, lowered
    /// to the kernel's maximum), the global size rounded up to whole groups; nothing when empty.</summary>
    public readonly void Run(int items, int group)
    {
        if (items <= 0) return;
        group = Math.Min(group, maxGroup);
        Enqueue((nuint)(((long)items + group - 1) / group * group), (nuint)group);
    }

    /// <summary>Enqueues exactly one work-group of <paramref name="group"/> work-items, lowered to the kernel's maximum (the reductions).</summary>
    public readonly void RunOneGroup(int group)
    {
        nuint size = (nuint)Math.Min(group, maxGroup);
        Enqueue(size, size);
    }

    private readonly void Enqueue(nuint global, nuint local)
    {
        int status = OpenClApi.EnqueueNDRangeKernel(stream.Queue, kernel, 1, null, &global, &local, 0, null, null);
        if (status != 0) throw new OpenClException($"clEnqueueNDRangeKernel({name})", status);
    }
}

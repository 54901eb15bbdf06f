using System.Diagnostics;
using System.Text;
using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// A built cl_program for one device: from the binary cache when it holds this device's build of this source, else
/// compiled from source and then cached. PoCL compiles slowly, so the second start of a process compiles nothing.
/// </summary>
internal sealed unsafe class OpenClProgram : IDisposable
{
    private const string ResourcePrefix = "ActorTrain.Kernels.Devices.OpenCl.Kernels.";

    private OpenClProgram(nint handle, bool fromCache, TimeSpan buildTime)
    {
        Handle = handle;
        FromCache = fromCache;
        BuildTime = buildTime;
    }

    public nint Handle { get; private set; }

    /// <summary>True when the binary came from the disk cache.</summary>
    public bool FromCache { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>The device kernels: every embedded .cl file, in name order (common definitions first).</summary>
    public static string EmbeddedSource()
    {
        var assembly = typeof(OpenClProgram).Assembly;
        var builder = new StringBuilder();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".cl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            builder.Append(reader.ReadToEnd()).Append('\n');
        }
        if (builder.Length == 0) throw new InvalidOperationException("the OpenCL kernel sources are missing from the assembly's resources");
        return builder.ToString();
    }

    /// <param name="cache">null builds from source and caches nothing.</param>
    public static OpenClProgram Build(nint context, OpenClDeviceInfo device, string source, string options, ProgramBinaryCache? cache)
    {
        var clock = Stopwatch.StartNew();
        string key = ProgramBinaryCache.Key(device, options, source);
        if (cache?.TryRead(key) is { } binary)
        {
            nint cached = TryBuildFromBinary(context, device.DeviceId, binary, options);
            if (cached != 0) return new OpenClProgram(cached, true, clock.Elapsed);
        }
        nint program = BuildFromSource(context, device.DeviceId, source, options);
        cache?.Write(key, Binary(program));
        return new OpenClProgram(program, false, clock.Elapsed);
    }

    private static nint BuildFromSource(nint context, nint device, string source, string options)
    {
        byte[] text = Encoding.UTF8.GetBytes(source);
        int error;
        nint program;
        fixed (byte* p = text)
        {
            byte* strings = p;
            nuint length = (nuint)text.Length;
            program = OpenClApi.CreateProgramWithSource(context, 1, &strings, &length, &error);
        }
        OpenClApi.Check(error, "clCreateProgramWithSource");
        int status = BuildOrLog(program, device, options, out string log);
        if (status != 0)
        {
            OpenClApi.ReleaseProgram(program);
            throw new OpenClException("clBuildProgram", status, "build log:" + Environment.NewLine + log);
        }
        return program;
    }

    /// <summary>0 when the driver rejects the binary (another driver build wrote it): the caller compiles from source.</summary>
    private static nint TryBuildFromBinary(nint context, nint device, byte[] binary, string options)
    {
        int error, binaryStatus;
        nint program;
        fixed (byte* p = binary)
        {
            byte* binaries = p;
            nuint length = (nuint)binary.Length;
            program = OpenClApi.CreateProgramWithBinary(context, 1, &device, &length, &binaries, &binaryStatus, &error);
        }
        if (error != 0 || binaryStatus != 0)
        {
            if (program != 0) OpenClApi.ReleaseProgram(program);
            return 0;
        }
        if (BuildOrLog(program, device, options, out _) == 0) return program;
        OpenClApi.ReleaseProgram(program);
        return 0;
    }

    private static int BuildOrLog(nint program, nint device, string options, out string log)
    {
        byte[] optionBytes = Encoding.UTF8.GetBytes(options + "\0");
        int status;
        fixed (byte* o = optionBytes) status = OpenClApi.BuildProgram(program, 1, &device, o, 0, 0);
        log = status == 0 ? "" : BuildLog(program, device);
        return status;
    }

    private static string BuildLog(nint program, nint device)
    {
        nuint size;
        if (OpenClApi.GetProgramBuildInfo(program, device, OpenClApi.ProgramBuildLog, 0, null, &size) != 0) return "(no build log)";
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
            if (OpenClApi.GetProgramBuildInfo(program, device, OpenClApi.ProgramBuildLog, size, p, null) != 0) return "(no build log)";
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    private static byte[] Binary(nint program)
    {
        nuint size;
        OpenClApi.Check(OpenClApi.GetProgramInfo(program, OpenClApi.ProgramBinarySizes, (nuint)sizeof(nuint), &size, null), "clGetProgramInfo");
        var binary = new byte[(int)size];
        fixed (byte* p = binary)
        {
            byte* pointer = p;
            OpenClApi.Check(OpenClApi.GetProgramInfo(program, OpenClApi.ProgramBinaries, (nuint)sizeof(nint), &pointer, null), "clGetProgramInfo");
        }
        return binary;
    }

    /// <summary>A new cl_kernel of this program; each stream creates its own, since clSetKernelArg is not thread-safe on a shared one.</summary>
    public nint CreateKernel(string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name + "\0");
        int error;
        nint kernel;
        fixed (byte* p = bytes) kernel = OpenClApi.CreateKernel(Handle, p, &error);
        OpenClApi.Check(error, $"clCreateKernel({name})");
        return kernel;
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        OpenClApi.ReleaseProgram(Handle);
        Handle = 0;
    }
}

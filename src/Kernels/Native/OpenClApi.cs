using System.Runtime.InteropServices;

namespace ActorTrain.Kernels.Native;

/// <summary>
/// The OpenCL 1.2 entry points the OpenCL device uses (and no others), as function pointers into the ICD loader (libOpenCL.so.1)
/// resolved at run time, so a machine without OpenCL gets a reason string instead of a DllNotFoundException.
/// Every call that returns an error code goes through <see cref="Check"/>, which names the call and the code.
/// </summary>
internal static unsafe class OpenClApi
{
    public const uint DeviceTypeAll = 0xFFFFFFFF;
    public const uint PlatformName = 0x0902;
    public const uint DeviceMaxComputeUnits = 0x1002, DeviceMaxWorkGroupSize = 0x1004;
    public const uint DeviceType = 0x1000;      // CL_DEVICE_TYPE: a bitfield, CL_DEVICE_TYPE_GPU = 4
    public const ulong DeviceTypeGpu = 4;
    public const uint DeviceGlobalMemSize = 0x101F, DeviceName = 0x102B, DeviceVendor = 0x102C, DriverVersion = 0x102D;
    public const ulong MemReadWrite = 1;
    public const uint ProgramBinarySizes = 0x1165, ProgramBinaries = 0x1166, ProgramBuildLog = 0x1183;
    public const uint KernelWorkGroupSize = 0x11B0;
    public const int Complete = 0;

    public static readonly delegate* unmanaged<uint, nint*, uint*, int> GetPlatformIDs;
    public static readonly delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> GetPlatformInfo;
    public static readonly delegate* unmanaged<nint, ulong, uint, nint*, uint*, int> GetDeviceIDs;
    public static readonly delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> GetDeviceInfo;
    public static readonly delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint> CreateContext;
    public static readonly delegate* unmanaged<nint, nint, ulong, int*, nint> CreateCommandQueue;
    public static readonly delegate* unmanaged<nint, ulong, nuint, void*, int*, nint> CreateBuffer;
    public static readonly delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint> CreateProgramWithSource;
    public static readonly delegate* unmanaged<nint, uint, nint*, nuint*, byte**, int*, int*, nint> CreateProgramWithBinary;
    public static readonly delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int> BuildProgram;
    public static readonly delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int> GetProgramBuildInfo;
    public static readonly delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> GetProgramInfo;
    public static readonly delegate* unmanaged<nint, byte*, int*, nint> CreateKernel;
    public static readonly delegate* unmanaged<nint, uint, nuint, void*, int> SetKernelArg;
    public static readonly delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int> GetKernelWorkGroupInfo;
    public static readonly delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int> EnqueueNDRangeKernel;
    public static readonly delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> EnqueueWriteBuffer;
    public static readonly delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> EnqueueReadBuffer;
    public static readonly delegate* unmanaged<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int> EnqueueCopyBuffer;
    public static readonly delegate* unmanaged<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int> EnqueueFillBuffer;
    public static readonly delegate* unmanaged<nint, int> Flush;
    public static readonly delegate* unmanaged<nint, int> Finish;
    public static readonly delegate* unmanaged<nint, int, delegate* unmanaged<nint, int, nint, void>, nint, int> SetEventCallback;
    public static readonly delegate* unmanaged<nint, int> ReleaseEvent;
    public static readonly delegate* unmanaged<nint, int> ReleaseMemObject;
    public static readonly delegate* unmanaged<nint, int> ReleaseKernel;
    public static readonly delegate* unmanaged<nint, int> ReleaseProgram;
    public static readonly delegate* unmanaged<nint, int> ReleaseCommandQueue;
    public static readonly delegate* unmanaged<nint, int> ReleaseContext;

    static OpenClApi()
    {
        // PoCL sizes its thread pool from this variable when the ICD loader first initialises it; left alone it
        // starts one thread per core on top of OpenBLAS's. Set before the load, and only if the user has not.
        NativeEnvironment.SetIfUnset("POCL_MAX_PTHREAD_COUNT", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (LoadFailure(["libOpenCL.so.1", "libOpenCL.so", "OpenCL"], out nint h) is { } failure)
        {
            LoadError = failure;
            return;
        }
        try
        {
            GetPlatformIDs = (delegate* unmanaged<uint, nint*, uint*, int>)NativeLibraryLoader.Export(h, "clGetPlatformIDs");
            GetPlatformInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)NativeLibraryLoader.Export(h, "clGetPlatformInfo");
            GetDeviceIDs = (delegate* unmanaged<nint, ulong, uint, nint*, uint*, int>)NativeLibraryLoader.Export(h, "clGetDeviceIDs");
            GetDeviceInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)NativeLibraryLoader.Export(h, "clGetDeviceInfo");
            CreateContext = (delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint>)NativeLibraryLoader.Export(h, "clCreateContext");
            CreateCommandQueue = (delegate* unmanaged<nint, nint, ulong, int*, nint>)NativeLibraryLoader.Export(h, "clCreateCommandQueue");
            CreateBuffer = (delegate* unmanaged<nint, ulong, nuint, void*, int*, nint>)NativeLibraryLoader.Export(h, "clCreateBuffer");
            CreateProgramWithSource = (delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint>)NativeLibraryLoader.Export(h, "clCreateProgramWithSource");
            CreateProgramWithBinary = (delegate* unmanaged<nint, uint, nint*, nuint*, byte**, int*, int*, nint>)NativeLibraryLoader.Export(h, "clCreateProgramWithBinary");
            BuildProgram = (delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int>)NativeLibraryLoader.Export(h, "clBuildProgram");
            GetProgramBuildInfo = (delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int>)NativeLibraryLoader.Export(h, "clGetProgramBuildInfo");
            GetProgramInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)NativeLibraryLoader.Export(h, "clGetProgramInfo");
            CreateKernel = (delegate* unmanaged<nint, byte*, int*, nint>)NativeLibraryLoader.Export(h, "clCreateKernel");
            SetKernelArg = (delegate* unmanaged<nint, uint, nuint, void*, int>)NativeLibraryLoader.Export(h, "clSetKernelArg");
            GetKernelWorkGroupInfo = (delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int>)NativeLibraryLoader.Export(h, "clGetKernelWorkGroupInfo");
            EnqueueNDRangeKernel = (delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int>)NativeLibraryLoader.Export(h, "clEnqueueNDRangeKernel");
            EnqueueWriteBuffer = (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)NativeLibraryLoader.Export(h, "clEnqueueWriteBuffer");
            EnqueueReadBuffer = (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)NativeLibraryLoader.Export(h, "clEnqueueReadBuffer");
            EnqueueCopyBuffer = (delegate* unmanaged<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int>)NativeLibraryLoader.Export(h, "clEnqueueCopyBuffer");
            EnqueueFillBuffer = (delegate* unmanaged<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int>)NativeLibraryLoader.Export(h, "clEnqueueFillBuffer");
            Flush = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clFlush");
            Finish = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clFinish");
            SetEventCallback = (delegate* unmanaged<nint, int, delegate* unmanaged<nint, int, nint, void>, nint, int>)NativeLibraryLoader.Export(h, "clSetEventCallback");
            ReleaseEvent = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseEvent");
            ReleaseMemObject = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseMemObject");
            ReleaseKernel = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseKernel");
            ReleaseProgram = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseProgram");
            ReleaseCommandQueue = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseCommandQueue");
            ReleaseContext = (delegate* unmanaged<nint, int>)NativeLibraryLoader.Export(h, "clReleaseContext");
            IsAvailable = true;
        }
        catch (EntryPointNotFoundException e)
        {
            LoadError = $"libOpenCL loaded but {e.Message} (an OpenCL 1.2 ICD loader is needed)";
        }
    }

    public static bool IsAvailable { get; }

    /// <summary>Loads the first of <paramref name="candidates"/> that exists; null on success, else the reason with what to install.</summary>
    internal static string? LoadFailure(IReadOnlyList<string> candidates, out nint handle) =>
        NativeLibraryLoader.TryLoad(candidates, out handle, out string error)
            ? null
            : $"{error} (install ocl-icd-libopencl1 and an OpenCL driver such as pocl-opencl-icd)";

    /// <summary>Why OpenCL is not available, or empty.</summary>
    public static string LoadError { get; } = "";

    /// <summary>Throws <see cref="Devices.OpenCl.OpenClException"/> naming <paramref name="call"/> unless <paramref name="code"/> is CL_SUCCESS.</summary>
    public static void Check(int code, string call)
    {
        if (code != 0) throw new Devices.OpenCl.OpenClException(call, code);
    }

    /// <summary>A UTF-8 string property (platform or device info) through the usual size-then-value pair of calls.</summary>
    public static string InfoString(delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> query, nint handle, uint parameter, string call)
    {
        nuint size;
        Check(query(handle, parameter, 0, null, &size), call);
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes) Check(query(handle, parameter, size, p, null), call);
        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    public static T InfoValue<T>(delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> query, nint handle, uint parameter, string call) where T : unmanaged
    {
        T value;
        Check(query(handle, parameter, (nuint)sizeof(T), &value, null), call);
        return value;
    }
}

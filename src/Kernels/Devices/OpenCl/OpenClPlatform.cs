using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>Finds OpenCL devices. Never throws: a machine without OpenCL is an empty list with a reason.</summary>
public static unsafe class OpenClPlatform
{
    /// <summary>Why OpenCL cannot be used at all (library missing), or empty.</summary>
    public static string LoadError => OpenClApi.LoadError;

    public static OpenClDiscovery Discover()
    {
        if (!OpenClApi.IsAvailable) return new([], OpenClApi.LoadError);
        try
        {
            uint platformCount;
            int status = OpenClApi.GetPlatformIDs(0, null, &platformCount);
            if (status == -1001 || platformCount == 0) return new([], "no OpenCL platform is installed (install an ICD such as pocl-opencl-icd)");
            OpenClApi.Check(status, "clGetPlatformIDs");
            var platforms = new nint[platformCount];
            fixed (nint* p = platforms) OpenClApi.Check(OpenClApi.GetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");

            var devices = new List<OpenClDeviceInfo>();
            foreach (nint platform in platforms)
            {
                string platformName = OpenClApi.InfoString(OpenClApi.GetPlatformInfo, platform, OpenClApi.PlatformName, "clGetPlatformInfo");
                uint count;
                status = OpenClApi.GetDeviceIDs(platform, OpenClApi.DeviceTypeAll, 0, null, &count);
                if (status == -1 || count == 0) continue; // CL_DEVICE_NOT_FOUND: a platform without devices
                OpenClApi.Check(status, "clGetDeviceIDs");
                var ids = new nint[count];
                fixed (nint* p = ids) OpenClApi.Check(OpenClApi.GetDeviceIDs(platform, OpenClApi.DeviceTypeAll, count, p, null), "clGetDeviceIDs");
                foreach (nint id in ids)
                    devices.Add(Describe(platform, id, platformName, devices.Count));
            }
            return new(devices, devices.Count == 0 ? "OpenCL platforms were found but none has a device" : "");
        }
        catch (OpenClException e)
        {
            return new([], e.Message);
        }
    }

    private static OpenClDeviceInfo Describe(nint platform, nint device, string platformName, int index) =>
        new($"opencl:{index}",
            OpenClApi.InfoString(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceName, "clGetDeviceInfo"),
            OpenClApi.InfoString(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceVendor, "clGetDeviceInfo"),
            platformName,
            OpenClApi.InfoString(OpenClApi.GetDeviceInfo, device, OpenClApi.DriverVersion, "clGetDeviceInfo"),
            (long)OpenClApi.InfoValue<ulong>(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceGlobalMemSize, "clGetDeviceInfo"),
            (int)OpenClApi.InfoValue<uint>(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceMaxComputeUnits, "clGetDeviceInfo"))
        {
            IsGpu = (OpenClApi.InfoValue<ulong>(OpenClApi.GetDeviceInfo, device, OpenClApi.DeviceType, "clGetDeviceInfo") & OpenClApi.DeviceTypeGpu) != 0,
            PlatformId = platform,
            DeviceId = device,
        };
}

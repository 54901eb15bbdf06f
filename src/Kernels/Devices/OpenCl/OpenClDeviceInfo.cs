namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>One OpenCL device as discovery found it.</summary>
/// <param name="Name">our name for it: <c>opencl:N</c>, numbered across platforms in discovery order.</param>
/// <param name="DeviceName">the driver's name for the device (CL_DEVICE_NAME).</param>
public sealed record OpenClDeviceInfo(
    string Name,
    string DeviceName,
    string Vendor,
    string Platform,
    string DriverVersion,
    long GlobalMemoryBytes,
    int ComputeUnits)
{
    /// <summary>A GPU (CL_DEVICE_TYPE_GPU), as opposed to a CPU runtime such as PoCL; `devices = [auto]` takes only these.</summary>
    public bool IsGpu { get; init; }

    internal nint PlatformId { get; init; }
    internal nint DeviceId { get; init; }

    public override string ToString() =>
        $"{Name}: {DeviceName} ({Vendor}, {Platform}, driver {DriverVersion}), {GlobalMemoryBytes / (1024 * 1024)} MiB, {ComputeUnits} compute units{(IsGpu ? ", GPU" : "")}";
}

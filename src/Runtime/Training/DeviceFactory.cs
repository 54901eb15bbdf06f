using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.OpenCl;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Training;

/// <summary>
/// Creates devices by name — <c>cpu:N</c> (host memory, OpenBLAS) or <c>opencl:N</c> (discovery order) — and resolves
/// <c>auto</c> to every OpenCL GPU, or the CPU when there is none. OpenBLAS's thread pool is process-wide, so it is sized
/// here once per run, not per device.
/// </summary>
public static class DeviceFactory
{
    /// <summary>The single-device loop's device: the first of <c>device.devices</c>, with every core's OpenBLAS thread.</summary>
    public static IDevice CreateFirst(DeviceSettings settings)
    {
        Validate(settings);
        CpuDevice.SetBlasThreads(settings.BlasThreads > 0 ? settings.BlasThreads : Environment.ProcessorCount);
        return Create(Resolve(settings.Devices).FirstOrDefault() ?? throw new ArgumentException("actortrain.device.devices lists no device"), settings);
    }

    /// <summary>The device of that name; an OpenCL device that cannot be opened is an error naming the reason, never a crash.</summary>
    public static IDevice Create(string name, DeviceSettings settings)
    {
        Validate(settings);
        long limit = settings.MemoryLimitBytes > 0 ? settings.MemoryLimitBytes : long.MaxValue;
        if (name.StartsWith("cpu", StringComparison.Ordinal)) return new CpuDevice(name, limit, GemmOf(settings));
        if (name.StartsWith("opencl:", StringComparison.Ordinal) && int.TryParse(name["opencl:".Length..], out int index))
        {
            var discovery = OpenClPlatform.Discover();
            if (index < 0 || index >= discovery.Devices.Count)
                throw new ArgumentException($"device {name} is not available: " +
                    (discovery.Devices.Count == 0 ? discovery.Reason : $"this host has {string.Join(", ", discovery.Devices.Select(d => d.Name))}"));
            return new OpenClDevice(discovery.Devices[index], limit);
        }
        throw new ArgumentException($"unknown device '{name}'; valid: cpu:N, opencl:N, auto");
    }

    /// <summary>Expands <c>auto</c>: every OpenCL GPU, else the CPU.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> names) =>
        names.SelectMany(n => n == "auto" ? AutoDevices() : [n]).ToList();

    private static IEnumerable<string> AutoDevices()
    {
        var gpus = OpenClPlatform.Discover().Devices.Where(d => d.IsGpu).Select(d => d.Name).ToList();
        return gpus.Count > 0 ? gpus : ["cpu:0"];
    }

    private static GemmBackend GemmOf(DeviceSettings settings) => settings.Gemm.Trim().ToLowerInvariant() switch
    {
        "auto" => GemmBackend.Auto,
        "openblas" => GemmBackend.OpenBlas,
        "managed" => GemmBackend.Managed,
        _ => throw new ArgumentException($"unknown gemm backend '{settings.Gemm}'; valid: auto, openblas, managed"),
    };

    private static void Validate(DeviceSettings settings)
    {
        if (settings.BlasThreads < 0) throw new ArgumentOutOfRangeException("actortrain.device.blas-threads", settings.BlasThreads, "must be ≥ 0 (0 = one per core)");
        if (settings.MemoryLimitBytes < 0) throw new ArgumentOutOfRangeException("actortrain.device.memory-limit", settings.MemoryLimitBytes, "must be ≥ 0 (0 = unlimited)");
        GemmOf(settings);
    }
}

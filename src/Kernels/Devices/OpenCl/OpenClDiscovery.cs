namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>What <see cref="OpenClPlatform.Discover"/> found: the devices, or none and why.</summary>
/// <param name="Reason">empty when devices were found; otherwise why not (missing library, no platform, no device).</param>
public sealed record OpenClDiscovery(IReadOnlyList<OpenClDeviceInfo> Devices, string Reason);

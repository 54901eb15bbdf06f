using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.Reference;

namespace ActorTrain.Kernels.Tests;

/// <summary>The two host devices that layer-level tests run on: the scalar reference and the CPU device.</summary>
public static class HostDevices
{
    public static TheoryData<string> Names => ["reference", "cpu"];

    public static IDevice Create(string device) => device == "cpu" ? new CpuDevice() : new ReferenceDevice();
}

namespace ActorTrain.Kernels.Devices.Reference;

/// <summary>
/// The oracle: host memory and plain scalar loops, accumulating in double. Slow and obviously right; every faster
/// device is tested against it, and it is tested against finite differences and PyTorch.
/// </summary>
public sealed class ReferenceDevice : HostDevice
{
    public ReferenceDevice(string name = "reference:0", long memoryLimitBytes = long.MaxValue) : base(name, memoryLimitBytes) { }

    public override IDeviceStream CreateStream() => new ReferenceStream(this);
}

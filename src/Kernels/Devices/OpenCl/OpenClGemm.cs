namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>Which GEMM an OpenCL device uses: CLBlast when it loads (Auto), or our own plain kernel.</summary>
public enum OpenClGemm
{
    Auto,
    ClBlast,
    Kernel,
}

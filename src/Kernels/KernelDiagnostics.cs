namespace ActorTrain.Kernels;

/// <summary>
/// Where the kernel library reports degraded operation (a missing native library). Kernels has no logging dependency;
/// the host points this at its logger, and the default writes one line to standard error.
/// </summary>
public static class KernelDiagnostics
{
    public static Action<string> Warn { get; set; } = message => Console.Error.WriteLine(message);
}

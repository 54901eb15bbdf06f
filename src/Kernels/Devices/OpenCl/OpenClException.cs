using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>An OpenCL or CLBlast call that returned an error, e.g. <c>clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (-11)</c>.</summary>
public sealed class OpenClException : Exception
{
    public OpenClException(string call, int code, string? detail = null)
        : base($"{call} failed: {OpenClErrors.Name(code)} ({code})" + (string.IsNullOrWhiteSpace(detail) ? "" : Environment.NewLine + detail))
    {
        Call = call;
        Code = code;
    }

    /// <summary>The native function that failed.</summary>
    public string Call { get; }

    /// <summary>The OpenCL (or CLBlast) status code.</summary>
    public int Code { get; }
}

using System.Runtime.InteropServices;

namespace ActorTrain.Kernels.Native;

/// <summary>
/// The C library's environment. <see cref="Environment.SetEnvironmentVariable(string, string)"/> only changes .NET's
/// copy on Unix, but native libraries (PoCL, OpenBLAS) read <c>getenv</c>, so their settings go through libc's setenv.
/// </summary>
internal static unsafe class NativeEnvironment
{
    private static readonly delegate* unmanaged<byte*, byte*, int, int> SetEnv;

    static NativeEnvironment()
    {
        if (NativeLibraryLoader.TryLoad(["libc.so.6", "libc"], out nint handle, out _)
            && NativeLibrary.TryGetExport(handle, "setenv", out nint setenv))
            SetEnv = (delegate* unmanaged<byte*, byte*, int, int>)setenv;
    }

    /// <summary>Sets <paramref name="name"/> in the native environment unless it is already set there or in .NET's.</summary>
    public static void SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is not null) return;
        Environment.SetEnvironmentVariable(name, value);
        if (SetEnv is null) return;
        fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(name + "\0"), v = System.Text.Encoding.UTF8.GetBytes(value + "\0"))
            SetEnv(n, v, 0); // overwrite = 0: a value set natively by the launcher wins
    }
}

using System.Runtime.InteropServices;

namespace ActorTrain.Kernels.Native;

/// <summary>
/// Loads a native library by trying its usual file names, so that a missing library is a value (and a one-line
/// warning upstream), never a DllNotFoundException in the middle of a training step.
/// </summary>
internal static class NativeLibraryLoader
{
    public static bool TryLoad(IReadOnlyList<string> candidates, out nint handle, out string error)
    {
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                error = "";
                return true;
            }
        }
        handle = 0;
        error = $"none of {string.Join(", ", candidates)} could be loaded";
        return false;
    }

    public static nint Export(nint handle, string symbol) =>
        NativeLibrary.TryGetExport(handle, symbol, out nint address)
            ? address
            : throw new EntryPointNotFoundException($"native symbol {symbol} not found");
}

using System.Security.Cryptography;
using System.Text;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// Compiled program binaries on disk, one file per key. The key hashes the device, its driver version, the build
/// options and the source, so a driver upgrade or an edited kernel misses the cache instead of loading a stale binary.
/// Writes go to a temporary file renamed into place, so a concurrent reader sees a whole file or none.
/// </summary>
internal sealed class ProgramBinaryCache(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>$ACTORTRAIN_CACHE/opencl, else $XDG_CACHE_HOME/actortrain/opencl, else ~/.cache/actortrain/opencl.</summary>
    public static string DefaultDirectory()
    {
        string? root = Environment.GetEnvironmentVariable("ACTORTRAIN_CACHE");
        if (!string.IsNullOrEmpty(root)) return Path.Combine(root, "opencl");
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string cache = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : Path.GetTempPath(); // no HOME in some containers
        return Path.Combine(cache, "actortrain", "opencl");
    }

    public static string Key(OpenClDeviceInfo device, string options, string source)
    {
        string identity = string.Join('\n', device.Platform, device.DeviceName, device.DriverVersion, options, source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".bin");

    public byte[]? TryRead(string key)
    {
        try
        {
            return File.Exists(PathOf(key)) ? File.ReadAllBytes(PathOf(key)) : null;
        }
        catch (IOException)
        {
            return null; // an unreadable cache is a miss, never a failure
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores a binary; failure to write (read-only home, full disk) only costs the next start a compile.</summary>
    public void Write(string key, byte[] binary)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            string temporary = PathOf(key) + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, binary);
            File.Move(temporary, PathOf(key), overwrite: true);
        }
        catch (IOException e)
        {
            KernelDiagnostics.Warn($"warning: could not cache the OpenCL program in {Directory}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            KernelDiagnostics.Warn($"warning: could not cache the OpenCL program in {Directory}: {e.Message}");
        }
    }
}

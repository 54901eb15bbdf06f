namespace ActorTrain.Testing;

/// <summary>
/// The repository root, found by walking up from the binaries to ActorTrain.sln, so fixtures and cluster.hocon are
/// read from the source tree without copy steps. Linked into every test project and the benchmarks (tests/Shared).
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "ActorTrain.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no ActorTrain.sln above {AppContext.BaseDirectory}");
    }
}

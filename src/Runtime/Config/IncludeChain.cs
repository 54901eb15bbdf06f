namespace ActorTrain.Runtime.Config;

/// <summary>The files being parsed, outermost first: resolves include paths and detects include cycles.</summary>
internal sealed class IncludeChain
{
    private readonly IReadOnlyList<(string FullPath, string DisplayName)> _files;
    private readonly string _baseDirectory;
    private readonly string _displayDirectory;

    private IncludeChain(IReadOnlyList<(string, string)> files, string baseDirectory, string displayDirectory)
    {
        _files = files;
        _baseDirectory = baseDirectory;
        _displayDirectory = displayDirectory;
    }

    /// <summary>Text not read from a file includes relative to the current directory.</summary>
    public static IncludeChain ForText() => new([], Directory.GetCurrentDirectory(), "");

    public static IncludeChain ForFile(string displayName) => ForText().Enter(displayName, Path.GetFullPath(displayName));

    /// <summary>The full path and the name to show in origins for an include written in the current file.</summary>
    public (string FullPath, string DisplayName) Locate(string includedName) =>
        (Path.GetFullPath(Path.Combine(_baseDirectory, includedName)), Path.Combine(_displayDirectory, includedName));

    public bool Contains(string fullPath) => _files.Any(f => f.FullPath == fullPath);

    public string Describe(string closingName) => string.Join(" -> ", _files.Select(f => f.DisplayName).Append(closingName));

    public IncludeChain Enter(string displayName, string fullPath) =>
        new([.. _files, (fullPath, displayName)], Path.GetDirectoryName(fullPath)!, Path.GetDirectoryName(displayName) ?? "");
}

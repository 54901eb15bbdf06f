using ActorTrain.Runtime.Config;

namespace ActorTrain.Runtime.Settings;

/// <summary>
/// Reads typed values with code defaults and remembers every key it was asked for, so that after binding, any key
/// the config holds but nobody read is a mistake (a typo in the file or in --set) reported with the nearest valid keys.
/// </summary>
public sealed class SettingsReader(Config.Config config)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _openPrefixes = [];

    public Config.Config Config { get; } = config;

    public int Int(string path, int fallback) => Read(path, fallback, Config.GetInt);
    public long Long(string path, long fallback) => Read(path, fallback, Config.GetLong);
    public double Double(string path, double fallback) => Read(path, fallback, Config.GetDouble);
    public bool Bool(string path, bool fallback) => Read(path, fallback, Config.GetBool);
    public string String(string path, string fallback) => Read(path, fallback, Config.GetString);
    public long Bytes(string path, long fallback) => Read(path, fallback, Config.GetBytes);
    public IReadOnlyList<int> IntList(string path, IReadOnlyList<int> fallback) => Read(path, fallback, Config.GetIntList);
    public IReadOnlyList<string> StringList(string path, IReadOnlyList<string> fallback) => Read(path, fallback, Config.GetStringList);
    public TimeSpan Duration(string path, TimeSpan fallback) => Read(path, fallback, Config.GetDuration);

    /// <summary>
    /// Every leaf under <paramref name="prefix"/> as text, for settings whose keys are checked by their consumer
    /// (a schedule's parameters).
    /// </summary>
    public IReadOnlyDictionary<string, string> Section(string prefix)
    {
        _openPrefixes.Add(prefix + ".");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var leaf in Config.LeafPaths().Where(p => p.StartsWith(prefix + ".", StringComparison.Ordinal)))
            result[leaf[(prefix.Length + 1)..]] = Config.GetString(leaf);
        return result;
    }

    private T Read<T>(string path, T fallback, Func<string, T> get)
    {
        _known.Add(path);
        return Config.HasPath(path) ? get(path) : fallback;
    }

    /// <summary>Throws for the first key present in the config that no setting reads.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var leaf in Config.LeafPaths())
        {
            if (_known.Contains(leaf) || _openPrefixes.Any(p => leaf.StartsWith(p, StringComparison.Ordinal))) continue;
            var near = KeySuggestions.Nearest(leaf, _known);
            throw new ConfigException(Config.Origin(leaf),
                $"unknown key '{leaf}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near.Select(k => $"'{k}'"))}?" : ""));
        }
    }

    /// <summary>Keys read so far.</summary>
    public IReadOnlyCollection<string> KnownKeys => _known;
}

using ActorTrain.Runtime.Config;

namespace ActorTrain.Host.Commands;

/// <summary>Reads cluster.hocon (or --config) and applies --set key=value overrides in order.</summary>
public static class ConfigLoader
{
    public const string DefaultFile = "cluster.hocon";

    public static Config Load(string? path, IEnumerable<string> overrides)
    {
        string file = path ?? DefaultFile;
        if (!File.Exists(file))
            throw new ConfigException(file, path is null
                ? "no cluster.hocon in the current folder; run from the repository root or pass --config FILE"
                : "file not found");
        var config = HoconParser.ParseFile(file);
        foreach (string assignment in overrides)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ConfigException("--set", $"'{assignment}' is not key=value");
            string key = assignment[..eq].Trim();
            if (!key.StartsWith("actortrain.", StringComparison.Ordinal)) key = "actortrain." + key; // --set training.epochs=3 works too
            config = config.WithValue(key, assignment[(eq + 1)..]);
        }
        return config;
    }
}

namespace ActorTrain.Runtime.Config;

/// <summary>
/// Reads HOCON (the format of cluster.hocon) into a resolved, immutable <see cref="Config"/>,
/// following Typesafe Config's HOCON.md. Deliberate differences: an include of a missing file is
/// an error (Typesafe skips it unless <c>required(...)</c>), only files can be included and by their
/// exact name (no url/classpath, no guessing of .conf/.json), "KB" is accepted as 1000 bytes, and
/// there are no Java system properties. A self-reference below a field (<c>a = ${a.b}</c>) is looked
/// up in the earlier value only when that value is a plain object.
/// </summary>
public static class HoconParser
{
    /// <param name="env">Looks up environment variables for <c>${VAR}</c>; defaults to the process environment.</param>
    public static Config ParseFile(string path, Func<string, string?>? env = null)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}:1:1", $"config file not found ({Path.GetFullPath(path)})");
        return Parse(File.ReadAllText(path), path, IncludeChain.ForFile(path), env);
    }

    /// <param name="sourceName">The name used in origins and error messages; includes are relative to the current directory.</param>
    public static Config ParseString(string text, string sourceName = "<string>", Func<string, string?>? env = null) =>
        Parse(text, sourceName, IncludeChain.ForText(), env);

    private static Config Parse(string text, string sourceName, IncludeChain includes, Func<string, string?>? env)
    {
        var environment = env ?? Environment.GetEnvironmentVariable;
        var root = new ObjectNode($"{sourceName}:1:1");
        HoconDocumentParser.ParseDocument(root, text, sourceName, [], includes);
        return new Config(root, SubstitutionResolver.Resolve(root, environment), "", environment);
    }
}

namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

/// <summary>Parsing with a fixed, empty environment so that tests never depend on the machine.</summary>
internal static class Hocon
{
    public const string Source = "test.hocon";

    public static Runtime.Config.Config Parse(string text, IReadOnlyDictionary<string, string>? env = null) =>
        HoconParser.ParseString(text, Source, name => env is not null && env.TryGetValue(name, out var v) ? v : null);

    public static ConfigException ParseError(string text, IReadOnlyDictionary<string, string>? env = null) =>
        Assert.Throws<ConfigException>(() => Parse(text, env));
}

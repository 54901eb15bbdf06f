namespace ActorTrain.Runtime.Tests.Config;

using System.Text.Json;
using ActorTrain.Runtime.Config;

/// <summary>Seeded random checks against independent references: System.Text.Json output and hand-written unit factors.</summary>
public sealed class HoconPropertyTests
{
    private static readonly string[] KeyPool = ["a", "b-c", "with space", "dot.ted", "quo\"te", "", "ü", "x_1", "true", "10"];

    private static readonly string[] StringPool = ["", "plain", "two words", "tab\there", "line\nbreak", "\"q\"", "back\\slash", "é ü 中", "${not.a.subst}", "# not a comment"];

    [Fact]
    public void ParseString_RandomJsonDocuments_ReadBackEveryValue()
    {
        var random = new Random(20261122);
        for (int trial = 0; trial < 200; trial++)
        {
            var model = RandomObject(random, depth: 0);
            var config = Hocon.Parse(JsonSerializer.Serialize(model));
            AssertMatches(config, model, []);
        }
    }

    [Fact]
    public void Render_RandomDocuments_ParseBackToSameValues()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var model = RandomObject(random, depth: 0);
            var rendered = Hocon.Parse(JsonSerializer.Serialize(model)).Render();
            AssertMatches(Hocon.Parse(rendered), model, []);
        }
    }

    [Fact]
    public void Parse_TwoRandomDocumentsInOneText_EqualsLaterWithFallbackToEarlier()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 100; trial++)
        {
            string earlier = JsonSerializer.Serialize(RandomObject(random, depth: 0));
            string later = JsonSerializer.Serialize(RandomObject(random, depth: 0));
            // Two braced objects on separate lines are not one document; wrap each as a value of the same key.
            var together = Hocon.Parse($"r = {earlier}\nr = {later}").GetConfig("r");
            var fallback = Hocon.Parse(later).WithFallback(Hocon.Parse(earlier));
            Assert.Equal(fallback.Render(), together.Render());
        }
    }

    [Fact]
    public void ParseString_RandomFragments_ParseOrFailWithConfigException()
    {
        string[] fragments =
        [
            "a", "b.c", " ", "\n", "=", ":", "+=", "{", "}", "[", "]", ",", "\"s\"", "\"\"\"t\"\"\"", "${a}", "${?b}", "${b.c}",
            "1", "-2.5e3", "true", "null", "# c\n", "// c\n", "include \"x\"", "\"", "$", "\\", "`", "a.", ".b", "\r\n",
        ];
        var random = new Random(42);
        for (int trial = 0; trial < 3000; trial++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(1, 14)).Select(_ => fragments[random.Next(fragments.Length)]));
            try
            {
                var config = Hocon.Parse(text);
                foreach (string path in config.LeafPaths()) Assert.NotNull(config.Origin(path));
                Hocon.Parse(config.Render());
            }
            catch (ConfigException error)
            {
                Assert.Matches(@"^(test\.hocon|x):\d+:\d+: ", error.Message);
            }
        }
    }

    [Fact]
    public void GetDuration_RandomAmountsAndUnits_MatchTickFactors()
    {
        (string Unit, long TicksPer)[] units =
        [
            ("us", 10), ("ms", 10_000), ("s", 10_000_000), ("m", 600_000_000), ("h", 36_000_000_000),
            ("d", 864_000_000_000), ("microseconds", 10), ("millis", 10_000), ("seconds", 10_000_000), ("hours", 36_000_000_000),
        ];
        var random = new Random(3);
        for (int trial = 0; trial < 500; trial++)
        {
            var (unit, ticksPer) = units[random.Next(units.Length)];
            long amount = random.Next(0, 100_000);
            string space = random.Next(2) == 0 ? "" : " ";
            var config = Hocon.Parse($"d = \"{amount}{space}{unit}\"");
            Assert.Equal(TimeSpan.FromTicks(amount * ticksPer), config.GetDuration("d"));
        }
    }

    [Fact]
    public void GetBytes_RandomAmountsAndUnits_MatchByteFactors()
    {
        (string Unit, long BytesPer)[] units =
        [
            ("B", 1), ("K", 1024), ("KiB", 1024), ("kB", 1000), ("M", 1 << 20), ("Mi", 1 << 20), ("MB", 1_000_000),
            ("G", 1 << 30), ("GiB", 1 << 30), ("GB", 1_000_000_000), ("kilobytes", 1000), ("mebibytes", 1 << 20),
        ];
        var random = new Random(5);
        for (int trial = 0; trial < 500; trial++)
        {
            var (unit, bytesPer) = units[random.Next(units.Length)];
            long amount = random.Next(0, 1_000_000);
            Assert.Equal(amount * bytesPer, Hocon.Parse($"s = {amount} {unit}").GetBytes("s"));
        }
    }

    [Fact]
    public void Nearest_KeyWithOneRandomEdit_SuggestsTheOriginal()
    {
        string[] keys = ["training.epochs", "training.learning-rate", "cluster.seed-nodes", "cluster.heartbeat-interval", "optimizer.momentum"];
        var random = new Random(9);
        for (int trial = 0; trial < 300; trial++)
        {
            string key = keys[random.Next(keys.Length)];
            int at = random.Next(key.Length);
            char letter = (char)('a' + random.Next(26));
            string typo = random.Next(3) switch
            {
                0 => key.Remove(at, 1),
                1 => key.Insert(at, letter.ToString()),
                _ => key.Remove(at, 1).Insert(at, letter.ToString()),
            };
            Assert.Contains(key, KeySuggestions.Nearest(typo, keys, max: keys.Length));
        }
    }

    private static Dictionary<string, object?> RandomObject(Random random, int depth)
    {
        var obj = new Dictionary<string, object?>();
        int count = random.Next(depth == 0 ? 1 : 0, 5);
        for (int i = 0; i < count; i++) obj[KeyPool[random.Next(KeyPool.Length)]] = RandomValue(random, depth);
        return obj;
    }

    private static object? RandomValue(Random random, int depth) => random.Next(depth < 3 ? 9 : 7) switch
    {
        0 => StringPool[random.Next(StringPool.Length)],
        1 => (long)random.Next(int.MinValue, int.MaxValue) * random.Next(1, 5),
        2 => Math.Round(random.NextDouble() * 1000 - 500, random.Next(0, 6)),
        3 => random.Next(2) == 0,
        4 => null,
        5 => Enumerable.Range(0, random.Next(4)).Select(_ => StringPool[random.Next(StringPool.Length)]).ToList(),
        6 => Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(-1000, 1000)).ToList(),
        _ => RandomObject(random, depth + 1),
    };

    private static void AssertMatches(Runtime.Config.Config config, Dictionary<string, object?> model, IReadOnlyList<string> prefix)
    {
        foreach (var (key, value) in model)
        {
            string path = string.Join('.', prefix.Append(key).Select(s => JsonSerializer.Serialize(s)));
            switch (value)
            {
                case null: Assert.False(config.HasPath(path), path); break;
                case string s: Assert.Equal(s, config.GetString(path)); break;
                case long l: Assert.Equal(l, config.GetLong(path)); break;
                case double d: Assert.Equal(d, config.GetDouble(path)); break;
                case bool b: Assert.Equal(b, config.GetBool(path)); break;
                case List<string> strings: Assert.Equal(strings, config.GetStringList(path)); break;
                case List<int> ints: Assert.Equal(ints, config.GetIntList(path)); break;
                case Dictionary<string, object?> child:
                    Assert.True(child.Count == 0 || config.HasPath(path), path);
                    AssertMatches(config, child, [.. prefix, key]);
                    break;
                default: throw new InvalidOperationException(value.GetType().Name);
            }
        }
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorTrain.Runtime.Config;

namespace ActorTrain.Bench.Config;

/// <summary>
/// Parse and resolve time of a config far larger than cluster.hocon, in HOCON and as JSON, beside
/// System.Text.Json's JsonDocument on the same JSON as a yardstick; and the cost of one --set override.
/// </summary>
public sealed class HoconParseBenchmark : IBenchmark
{
    public string Name => "hocon-parse";

    public string Description => "HOCON parse+resolve of a 2000-leaf config vs JsonDocument; --set override cost";

    public int Run(string[] args)
    {
        int sections = args.Length > 0 ? int.Parse(args[0]) : 200;
        string hocon = Hocon(sections);
        string json = JsonSerializer.Serialize(Model(sections));
        Console.WriteLine($"sections={sections} leaves={HoconParser.ParseString(hocon).LeafPaths().Count} hocon={hocon.Length} B json={json.Length} B");
        Console.WriteLine($"{"case",-34} {"median ms",10} {"MB/s",8}");
        Report("HoconParser.ParseString (HOCON)", hocon.Length, () => HoconParser.ParseString(hocon, env: _ => null));
        Report("HoconParser.ParseString (JSON)", json.Length, () => HoconParser.ParseString(json, env: _ => null));
        Report("JsonDocument.Parse (JSON)", json.Length, () => JsonDocument.Parse(json).Dispose());
        var config = HoconParser.ParseString(hocon, env: _ => null);
        Report("Config.WithValue (one --set)", hocon.Length, () => config.WithValue("section0.lr", "0.5"));
        return 0;
    }

    private static void Report(string name, int bytes, Action action)
    {
        for (int i = 0; i < 5; i++) action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 15 || (total.Elapsed.TotalSeconds < 3 && times.Count < 200))
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double median = times[times.Count / 2];
        Console.WriteLine($"{name,-34} {median,10:F3} {bytes / median / 1000,8:F1}");
    }

    private static string Hocon(int sections)
    {
        var text = new StringBuilder("defaults { lr = 0.1, momentum = 0.9, decay = 1e-4 }\n");
        for (int s = 0; s < sections; s++)
        {
            text.Append($"section{s} = ${{defaults}} {{\n");
            text.Append($"  name = \"section {s}\"  # comment\n  timeout = {s % 60 + 1}s\n  buffer = {s + 1}MiB\n");
            text.Append($"  hosts = [a{s}, b{s}, c{s}]\n  enabled = {(s % 2 == 0 ? "on" : "off")}\n  lr = {s}.5\n}}\n");
            text.Append($"section{s}.path = ${{section{s}.name}}/data\n");
        }
        return text.ToString();
    }

    private static Dictionary<string, object> Model(int sections)
    {
        var model = new Dictionary<string, object>();
        for (int s = 0; s < sections; s++)
        {
            model[$"section{s}"] = new Dictionary<string, object>
            {
                ["name"] = $"section {s}", ["timeout"] = $"{s % 60 + 1}s", ["buffer"] = $"{s + 1}MiB",
                ["hosts"] = new[] { $"a{s}", $"b{s}", $"c{s}" }, ["enabled"] = s % 2 == 0, ["lr"] = s + 0.5,
                ["momentum"] = 0.9, ["decay"] = 1e-4, ["path"] = $"section {s}/data",
            };
        }
        return model;
    }
}

namespace ActorTrain.Runtime.Config;

/// <summary>Durations with the units and spellings Typesafe Config accepts; a bare number is milliseconds.</summary>
internal static class DurationParser
{
    private const string UnitList = "ns, us, ms, s, m, h, d (or their names, e.g. seconds)";

    private static readonly Dictionary<string, long> NanosecondsPerUnit = BuildUnits();

    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = default;
        if (!NumberWithUnit.TryParse(text, out var parsed))
        {
            error = $"not a duration: {JsonString.Quote(text)} (expected a number and a unit: {UnitList})";
            return false;
        }
        string unit = parsed.Unit.Length == 0 ? "ms" : parsed.Unit;
        if (!NanosecondsPerUnit.TryGetValue(unit, out long nanos))
        {
            error = $"bad duration unit '{parsed.Unit}' in {JsonString.Quote(text)} (valid units: {UnitList})";
            return false;
        }
        // TimeSpan counts 100 ns ticks; finer values are truncated toward zero, as Typesafe truncates to long nanoseconds.
        decimal ticks = decimal.Truncate(parsed.Number * nanos / 100m);
        if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            error = $"duration {JsonString.Quote(text)} is out of range";
            return false;
        }
        value = TimeSpan.FromTicks((long)ticks);
        error = "";
        return true;
    }

    private static Dictionary<string, long> BuildUnits()
    {
        var units = new Dictionary<string, long>(StringComparer.Ordinal);
        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "µs", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60_000_000_000, "m", "minute", "minutes");
        Add(3_600_000_000_000, "h", "hour", "hours");
        Add(86_400_000_000_000, "d", "day", "days");
        return units;

        void Add(long nanoseconds, params string[] names)
        {
            foreach (string name in names) units[name] = nanoseconds;
        }
    }
}

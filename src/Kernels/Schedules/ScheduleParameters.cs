using System.Globalization;

namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// Reads a schedule's config parameters by key and remembers which were read, so that a key nobody
/// asked for (a typo such as "step_size" for "step-size") is reported instead of silently ignored.
/// </summary>
internal sealed class ScheduleParameters
{
    private readonly string _kind;
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly HashSet<string> _read = [];

    public ScheduleParameters(string kind, IReadOnlyDictionary<string, string> values)
    {
        _kind = kind;
        _values = values;
    }

    public double Double(string key) => ParseDouble(key, Required(key));

    public double Double(string key, double fallback) => OptionalDouble(key) ?? fallback;

    public double? OptionalDouble(string key) => Optional(key) is { } text ? ParseDouble(key, text) : null;

    public long Long(string key) => ParseLong(key, Required(key));

    public long Long(string key, long fallback) => Optional(key) is { } text ? ParseLong(key, text) : fallback;

    public long? OptionalLong(string key) => Optional(key) is { } text ? ParseLong(key, text) : null;

    public long[] LongList(string key) =>
        Required(key).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => ParseLong(key, t)).ToArray();

    public string Text(string key, string fallback) => Optional(key)?.Trim().ToLowerInvariant() ?? fallback;

    public void RejectUnread()
    {
        string[] unread = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unread.Length > 0)
        {
            throw new ArgumentException(
                $"learning-rate schedule '{_kind}': unknown parameter(s) {string.Join(", ", unread.Select(k => $"'{k}'"))}; " +
                $"it reads {string.Join(", ", _read.Order())}.");
        }
    }

    public ArgumentException Invalid(string key, string reason) =>
        new($"learning-rate schedule '{_kind}': parameter '{key}' {reason}.");

    private string Required(string key) => Optional(key) ?? throw Invalid(key, "is required");

    private string? Optional(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out string? text) ? text : null;
    }

    private double ParseDouble(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw Invalid(key, $"is not a number: '{text}'");

    private long ParseLong(string key, string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Invalid(key, $"is not an integer: '{text}'");
}

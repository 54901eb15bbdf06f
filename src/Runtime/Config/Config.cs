using System.Globalization;

namespace ActorTrain.Runtime.Config;

/// <summary>
/// A resolved, immutable configuration tree. Paths are dotted (<c>training.epochs</c>, with
/// quotes around segments holding dots). Getters without a default throw a
/// <see cref="ConfigException"/> naming the value's origin when the key is missing or mistyped;
/// a null value counts as missing for <see cref="HasPath"/> and the default overloads.
/// </summary>
public sealed class Config
{
    /// <summary>The tree before resolution: overrides are written into a copy of it and resolved again, so that they reach every substitution.</summary>
    private readonly ObjectNode _source;

    /// <summary>The resolved tree every getter reads.</summary>
    private readonly ObjectNode _root;

    /// <summary>Where a sub-config sits in its parent, so that messages name full paths.</summary>
    private readonly string _pathPrefix;

    private readonly Func<string, string?> _environment;

    internal Config(ObjectNode source, ObjectNode root, string pathPrefix, Func<string, string?> environment)
    {
        _source = source;
        _root = root;
        _pathPrefix = pathPrefix;
        _environment = environment;
    }

    public bool HasPath(string path) => Find(path, strict: false) is not null and not ScalarNode { Kind: ScalarKind.Null };

    public string GetString(string path) => ScalarText(Required(path), path, "a string");

    public int GetInt(string path) => (int)Integer(Required(path), path, int.MinValue, int.MaxValue, "an int");

    public long GetLong(string path) => Integer(Required(path), path, long.MinValue, long.MaxValue, "a long");

    public double GetDouble(string path) => Double(Required(path), path);

    public bool GetBool(string path) => Bool(Required(path), path);

    /// <summary>A number is read as milliseconds; text as a number and a unit (ns, us, ms, s, m, h, d).</summary>
    public TimeSpan GetDuration(string path) => Measured<TimeSpan>(path, DurationParser.TryParse, "a duration");

    /// <summary>A number is read as bytes; text as a number and a unit (K = KiB = 1024, kB = 1000, ...).</summary>
    public long GetBytes(string path) => Measured<long>(path, ByteSizeParser.TryParse, "a size in bytes");

    public IReadOnlyList<string> GetStringList(string path) => List(path, (item, at) => ScalarText(item, at, "a string"));

    public IReadOnlyList<int> GetIntList(string path) => List(path, (item, at) => (int)Integer(item, at, int.MinValue, int.MaxValue, "an int"));

    public IReadOnlyList<double> GetDoubleList(string path) => List(path, Double);

    public Config GetConfig(string path)
    {
        var node = Required(path);
        return node is ObjectNode obj ? new Config(obj, obj, Full(path), _environment) : throw WrongType(node, path, "an object");
    }

    public string GetString(string path, string defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    public int GetInt(string path, int defaultValue) => HasPath(path) ? GetInt(path) : defaultValue;

    public long GetLong(string path, long defaultValue) => HasPath(path) ? GetLong(path) : defaultValue;

    public double GetDouble(string path, double defaultValue) => HasPath(path) ? GetDouble(path) : defaultValue;

    public bool GetBool(string path, bool defaultValue) => HasPath(path) ? GetBool(path) : defaultValue;

    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => HasPath(path) ? GetDuration(path) : defaultValue;

    public long GetBytes(string path, long defaultValue) => HasPath(path) ? GetBytes(path) : defaultValue;

    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> defaultValue) => HasPath(path) ? GetStringList(path) : defaultValue;

    /// <summary>Every path holding a scalar or a list (lists are not entered), in the order written; nulls and empty objects are left out.</summary>
    public IReadOnlyList<string> LeafPaths()
    {
        var paths = new List<string>();
        Collect(_root, []);
        return paths;

        void Collect(ObjectNode obj, IReadOnlyList<string> prefix)
        {
            foreach (var (key, value) in obj.Fields)
            {
                IReadOnlyList<string> path = [.. prefix, key];
                if (value is ObjectNode child) Collect(child, path);
                else if (value is not ScalarNode { Kind: ScalarKind.Null }) paths.Add(PathExpression.Render(path));
            }
        }
    }

    /// <summary>Where the value at <paramref name="path"/> was written, as "file:line:column".</summary>
    public string Origin(string path) => Required(path).Origin;

    /// <summary>
    /// A copy with <paramref name="hoconValueText"/> parsed as a HOCON value and assigned at
    /// <paramref name="path"/>, as if the line <c>path = text</c> ended the file before substitutions
    /// were resolved: objects merge, anything else replaces, substitutions that read the key see the
    /// new value, and <c>${...}</c> in the text may refer to this config (a <c>--set key=value</c> override).
    /// A sub-config from <see cref="GetConfig"/> starts from its resolved values.
    /// </summary>
    public Config WithValue(string path, string hoconValueText)
    {
        var segments = PathExpression.Parse(path, _root.Origin);
        var source = _source.CopyForWrite();
        HoconDocumentParser.ParseAssignment(source, segments, hoconValueText, $"<set {Full(path)}>");
        return Resolved(source);
    }

    /// <summary>
    /// This config with keys it lacks taken from <paramref name="other"/>; objects merge deeply, and
    /// substitutions are resolved again over the combined tree.
    /// </summary>
    public Config WithFallback(Config other)
    {
        var source = other._source.CopyForWrite();
        foreach (var (key, value) in _source.CopyForWrite().Fields) source.Assign(key, value);
        return Resolved(source);
    }

    private Config Resolved(ObjectNode source) =>
        new(source, SubstitutionResolver.Resolve(source, _environment), _pathPrefix, _environment);

    /// <summary>The resolved tree as HOCON, readable and parseable back to the same values.</summary>
    public string Render() => ConfigRenderer.Render(_root);

    public override string ToString() => Render();

    private string Full(string path) => _pathPrefix.Length == 0 ? path : $"{_pathPrefix}.{path}";

    /// <summary>The node at <paramref name="path"/>, or null. Strict lookups fail when a path runs through a non-object.</summary>
    private HoconNode? Find(string path, bool strict)
    {
        var segments = PathExpression.Parse(path, _root.Origin);
        HoconNode current = _root;
        for (int i = 0; i < segments.Count; i++)
        {
            if (current is not ObjectNode obj)
            {
                if (!strict) return null;
                string prefix = PathExpression.Render(segments.Take(i));
                throw new ConfigException(current.Origin, $"expected an object at {Full(prefix)} but got {current.Describe()}");
            }
            var next = obj.Get(segments[i]);
            if (next is null) return null;
            current = next;
        }
        return current;
    }

    private HoconNode Required(string path)
    {
        var node = Find(path, strict: true);
        if (node is not null) return node;
        var nearest = KeySuggestions.Nearest(Full(path), AllPaths());
        string hint = nearest.Count == 0 ? "" : $"; nearest valid keys: {string.Join(", ", nearest)}";
        throw new ConfigException(_root.Origin, $"missing key '{Full(path)}'{hint}");
    }

    /// <summary>Leaves and the objects above them, with this config's prefix, as candidates for a suggestion.</summary>
    private IEnumerable<string> AllPaths()
    {
        var paths = new List<string>();
        Collect(_root, []);
        return paths;

        void Collect(ObjectNode obj, IReadOnlyList<string> prefix)
        {
            foreach (var (key, value) in obj.Fields)
            {
                IReadOnlyList<string> path = [.. prefix, key];
                paths.Add(Full(PathExpression.Render(path)));
                if (value is ObjectNode child) Collect(child, path);
            }
        }
    }

    private ConfigException WrongType(HoconNode node, string path, string expected) =>
        new(node.Origin, $"expected {expected} at {Full(path)} but got {node.Describe()}");


    private string ScalarText(HoconNode node, string path, string expected) =>
        node is ScalarNode { Kind: not ScalarKind.Null } scalar ? scalar.Text : throw WrongType(node, path, expected);

    /// <summary>Numbers written as strings ("42") are accepted, as in Typesafe Config.</summary>
    private double Double(HoconNode node, string path) =>
        double.TryParse(ScalarText(node, path, "a number"), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw WrongType(node, path, "a number");

    private long Integer(HoconNode node, string path, long min, long max, string expected)
    {
        string text = ScalarText(node, path, "a number");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long exact))
            return exact >= min && exact <= max ? exact : throw WrongType(node, path, expected);
        double value = Double(node, path);
        bool whole = value == Math.Floor(value) && value >= min && value <= max;
        return whole ? (long)value : throw WrongType(node, path, expected);
    }

    private bool Bool(HoconNode node, string path) => ScalarText(node, path, "a boolean") switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw WrongType(node, path, "a boolean (true/false, yes/no, on/off)"),
    };

    private delegate bool UnitParser<T>(string text, out T value, out string error);

    /// <summary>A bare number goes through the same parser, which reads it in the default unit.</summary>
    private T Measured<T>(string path, UnitParser<T> parse, string expected)
    {
        var node = Required(path);
        string text = ScalarText(node, path, expected);
        return parse(text, out T value, out string error) ? value : throw new ConfigException(node.Origin, $"{error} at {Full(path)}");
    }

    private IReadOnlyList<T> List<T>(string path, Func<HoconNode, string, T> convert)
    {
        var node = Required(path);
        if (node is not ArrayNode array) throw WrongType(node, path, "a list");
        return array.Items.Select((item, i) => convert(item, $"{path}[{i}]")).ToList();
    }
}

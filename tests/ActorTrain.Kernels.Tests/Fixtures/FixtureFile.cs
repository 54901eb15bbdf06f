using ActorTrain.Testing;
using System.Globalization;

namespace ActorTrain.Kernels.Tests.Fixtures;

/// <summary>
/// A committed fixture file written by a script in tools/: lines starting with '#' are comments (the first names the
/// generator and versions), every other line is '&lt;key&gt; v0 v1 ...' in invariant culture.
/// </summary>
internal sealed class FixtureFile
{
    private readonly IReadOnlyDictionary<string, double[]> _values;

    private FixtureFile(string header, IReadOnlyDictionary<string, double[]> values)
    {
        Header = header;
        _values = values;
    }

    /// <summary>The first line: generator, library versions.</summary>
    public string Header { get; }

    public IEnumerable<string> Keys => _values.Keys;

    public double[] this[string key] =>
        _values.TryGetValue(key, out double[]? values) ? values : throw new KeyNotFoundException($"fixture has no line '{key}'");

    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The values of a line as float32 (fixtures of float32 tensors are written with 9 digits, so exactly).</summary>
    public float[] Floats(string key) => Array.ConvertAll(this[key], v => (float)v);

    /// <param name="fileName">a file in tests/ActorTrain.Kernels.Tests/Fixtures.</param>
    public static FixtureFile Load(string fileName)
    {
        string[] lines = File.ReadAllLines(RepositoryRoot.File("tests", "ActorTrain.Kernels.Tests", "Fixtures", fileName));
        var values = new Dictionary<string, double[]>();
        foreach (string line in lines.Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            values.Add(fields[0], fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray());
        }

        return new FixtureFile(lines[0], values);
    }
}

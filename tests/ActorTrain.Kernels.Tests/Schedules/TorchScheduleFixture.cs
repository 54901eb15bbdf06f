using System.Globalization;

namespace ActorTrain.Kernels.Tests.Schedules;

/// <summary>
/// Reads Fixtures/torch_schedules.txt, written by tools/gen_torch_schedule_fixtures.py: lines starting with
/// '#' are comments (the first names generator and torch version), others are '&lt;case&gt; v0 v1 ...'.
/// </summary>
internal static class TorchScheduleFixture
{
    private const string RelativePath = "tests/ActorTrain.Kernels.Tests/Fixtures/torch_schedules.txt";

    private static readonly Lazy<(string Header, IReadOnlyDictionary<string, double[]> Cases)> Loaded = new(Load);

    public static string Header => Loaded.Value.Header;

    public static IReadOnlyDictionary<string, double[]> Cases => Loaded.Value.Cases;

    private static (string, IReadOnlyDictionary<string, double[]>) Load()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), RelativePath));
        var cases = new Dictionary<string, double[]>();
        foreach (string line in lines.Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cases.Add(fields[0], fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray());
        }

        return (lines[0], cases);
    }

    /// <summary>Walks up from the test binaries to the folder holding ActorTrain.sln, so the fixture needs no copy step in the csproj.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorTrain.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No ActorTrain.sln above {AppContext.BaseDirectory}");
    }
}

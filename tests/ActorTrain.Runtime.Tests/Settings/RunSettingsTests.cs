using ActorTrain.Testing;
using System.Text.Json;
using ActorTrain.Runtime.Config;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Tests.Settings;

public sealed class RunSettingsTests
{
    private static string ClusterHocon => RepositoryRoot.File("cluster.hocon");

    private static Runtime.Config.Config Shipped() => HoconParser.ParseFile(ClusterHocon, env: _ => null);

    private static string Json(RunSettings s) => JsonSerializer.Serialize(s with { Training = s.Training with { Schedule = new ScheduleSettings("-", new Dictionary<string, string>()) } })
                                                 + JsonSerializer.Serialize(s.Training.Schedule.Parameters.OrderBy(p => p.Key));

    [Fact]
    public void Bind_ShippedClusterHocon_Succeeds()
    {
        var settings = RunSettings.Bind(Shipped());
        Assert.Equal(42UL, settings.Seed);
        Assert.Equal([512, 256], settings.Model.Hidden);
        Assert.Equal("momentum", settings.Training.Optimizer.Name);
        Assert.Equal(0.05, settings.Training.Optimizer.LearningRate);
    }

    [Fact]
    public void Bind_EmptyConfig_EqualsShippedFileExceptTheDocumentedSchedule()
    {
        // Code defaults and cluster.hocon must agree key by key; the file only adds the schedule it documents.
        var fromCode = RunSettings.Bind(HoconParser.ParseString(""));
        var fromFile = RunSettings.Bind(Shipped());
        Assert.Equal(Json(fromCode with { Training = fromCode.Training with { Schedule = fromFile.Training.Schedule } }), Json(fromFile));
    }

    [Fact]
    public void Bind_EveryKeyTheBinderReads_IsDocumentedInClusterHocon()
    {
        var shipped = Shipped();
        var reader = new SettingsReader(shipped);
        var leaves = shipped.LeafPaths().ToHashSet();
        RunSettingsBinding.ReadAll(reader);
        var undocumented = reader.KnownKeys.Where(k => !leaves.Contains(k)).ToList();
        Assert.True(undocumented.Count == 0, "read but not in cluster.hocon: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Bind_MistypedKey_ThrowsWithOriginAndNearestKeys()
    {
        var config = Shipped().WithValue("actortrain.training.epochz", "3");
        var e = Assert.Throws<ConfigException>(() => RunSettings.Bind(config));
        Assert.Contains("unknown key 'actortrain.training.epochz'", e.Message);
        Assert.Contains("'actortrain.training.epochs'", e.Message);
    }

    [Fact]
    public void Bind_WrongType_ThrowsNamingKey()
    {
        var config = Shipped().WithValue("actortrain.training.batch-size", "\"big\"");
        var e = Assert.Throws<ConfigException>(() => RunSettings.Bind(config));
        Assert.Contains("actortrain.training.batch-size", e.Message);
    }

    [Fact]
    public void Bind_EnvironmentDataPath_OverridesDefault()
    {
        var config = HoconParser.ParseFile(ClusterHocon, env: name => name == "ACTORTRAIN_DATA" ? "/data/fmnist" : null);
        Assert.Equal("/data/fmnist", RunSettings.Bind(config).Data.Path);
    }

    [Fact]
    public void Bind_NegativeSeed_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RunSettings.Bind(HoconParser.ParseString("actortrain.seed = -1")));
    }
}

namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

public sealed class ConfigTests
{
    private const string Cluster = """
        cluster {
          name = "actortrain"
          seed-nodes = ["a:2552", "b:2552"]
          heartbeat = 1s
        }
        training {
          epochs = 3
          lr = 0.01
          batch = "64"
          layers = [784, 128, 10]
          weights = [0.5, 1e-3]
        }
        """;

    [Fact]
    public void GetString_ReadsString()
    {
        Assert.Equal("actortrain", Hocon.Parse(Cluster).GetString("cluster.name"));
    }

    [Fact]
    public void GetString_OnNumber_GivesTextAsWritten()
    {
        Assert.Equal("0.01", Hocon.Parse(Cluster).GetString("training.lr"));
    }

    [Fact]
    public void GetInt_OnNumericString_ConvertsAsTypesafeDoes()
    {
        Assert.Equal(64, Hocon.Parse(Cluster).GetInt("training.batch"));
    }

    [Fact]
    public void GetDouble_OnString_FailsWithValueOrigin()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a.b = abc").GetDouble("a.b"));
        Assert.Equal("test.hocon:1:7: expected a number at a.b but got string \"abc\"", error.Message);
    }

    [Fact]
    public void GetInt_OnFraction_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse(Cluster).GetInt("training.lr"));
        Assert.Equal("test.hocon:8:8: expected an int at training.lr but got number 0.01", error.Message);
    }

    [Fact]
    public void GetInt_OnObject_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse(Cluster).GetInt("training"));
        Assert.Equal("test.hocon:6:10: expected a number at training but got an object", error.Message);
    }

    [Fact]
    public void GetBool_OnOtherWord_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a = maybe").GetBool("a"));
        Assert.StartsWith("test.hocon:1:5: expected a boolean (true/false, yes/no, on/off) at a but got string \"maybe\"", error.Message);
    }

    [Fact]
    public void GetLists_ReadEveryElement()
    {
        var config = Hocon.Parse(Cluster);
        Assert.Equal(["a:2552", "b:2552"], config.GetStringList("cluster.seed-nodes"));
        Assert.Equal([784, 128, 10], config.GetIntList("training.layers"));
        Assert.Equal([0.5, 0.001], config.GetDoubleList("training.weights"));
    }

    [Fact]
    public void GetIntList_WithBadElement_NamesTheElement()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a = [1, x]").GetIntList("a"));
        Assert.Equal("test.hocon:1:9: expected a number at a[1] but got string \"x\"", error.Message);
    }

    [Fact]
    public void GetStringList_OnScalar_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a = 1").GetStringList("a"));
        Assert.Equal("test.hocon:1:5: expected a list at a but got number 1", error.Message);
    }

    [Fact]
    public void GetMissingKey_FailsWithNearestKeys()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse(Cluster).GetInt("trainng.epochs"));
        Assert.Equal("test.hocon:1:1: missing key 'trainng.epochs'; nearest valid keys: training.epochs", error.Message);
    }

    [Fact]
    public void GetThroughScalar_FailsNamingTheScalar()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a = 1").GetInt("a.b"));
        Assert.Equal("test.hocon:1:5: expected an object at a but got number 1", error.Message);
    }

    [Fact]
    public void GetConfig_SubtreeErrors_UseFullPath()
    {
        var training = Hocon.Parse(Cluster).GetConfig("training");
        Assert.Equal(3, training.GetInt("epochs"));
        var error = Assert.Throws<ConfigException>(() => training.GetInt("epoch"));
        Assert.Equal("test.hocon:6:10: missing key 'training.epoch'; nearest valid keys: training.epochs", error.Message);
    }

    [Fact]
    public void GetConfig_OnScalar_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("a = 1").GetConfig("a"));
        Assert.Equal("test.hocon:1:5: expected an object at a but got number 1", error.Message);
    }

    [Fact]
    public void DefaultOverloads_MissingKey_ReturnDefault()
    {
        var config = Hocon.Parse(Cluster);
        Assert.Equal(7, config.GetInt("training.missing", 7));
        Assert.Equal(7L, config.GetLong("x", 7L));
        Assert.Equal(0.5, config.GetDouble("x", 0.5));
        Assert.True(config.GetBool("x", true));
        Assert.Equal("d", config.GetString("x", "d"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetDuration("x", TimeSpan.FromSeconds(2)));
        Assert.Equal(9L, config.GetBytes("x", 9L));
        Assert.Equal(["z"], config.GetStringList("x", ["z"]));
        Assert.Equal(3, config.GetInt("training.epochs", 7));
    }

    [Fact]
    public void DefaultOverloads_WrongType_StillFail()
    {
        Assert.Throws<ConfigException>(() => Hocon.Parse("a = abc").GetInt("a", 1));
    }

    [Fact]
    public void HasPath_ObjectsAndLeaves_True()
    {
        var config = Hocon.Parse(Cluster);
        Assert.True(config.HasPath("cluster"));
        Assert.True(config.HasPath("cluster.heartbeat"));
        Assert.False(config.HasPath("cluster.heartbeat.x"));
        Assert.False(config.HasPath("nope"));
    }

    [Fact]
    public void LeafPaths_ListsEveryLeafWithArraysAsLeaves()
    {
        var paths = Hocon.Parse(Cluster + "\n\"odd.key\" = 1\nempty {}").LeafPaths();
        Assert.Equal(
            ["cluster.name", "cluster.seed-nodes", "cluster.heartbeat", "training.epochs", "training.lr", "training.batch",
             "training.layers", "training.weights", "\"odd.key\""],
            paths);
    }

    [Fact]
    public void Origin_GivesFileLineColumnOfValue()
    {
        Assert.Equal("test.hocon:4:15", Hocon.Parse(Cluster).Origin("cluster.heartbeat"));
    }

    [Fact]
    public void WithValue_UnquotedWord_BecomesString()
    {
        var config = Hocon.Parse(Cluster).WithValue("training.optimizer", "adam");
        Assert.Equal("adam", config.GetString("training.optimizer"));
        Assert.Equal("<set training.optimizer>:1:1", config.Origin("training.optimizer"));
    }

    [Fact]
    public void WithValue_Number_ReplacesAndLeavesOriginalUnchanged()
    {
        var original = Hocon.Parse(Cluster);
        var changed = original.WithValue("training.lr", "0.1");
        Assert.Equal(0.1, changed.GetDouble("training.lr"));
        Assert.Equal(0.01, original.GetDouble("training.lr"));
        Assert.Equal(3, changed.GetInt("training.epochs"));
    }

    [Fact]
    public void WithValue_IntoObjectStackedOverSubstitution_LeavesOriginalUnchanged()
    {
        var original = Hocon.Parse("x { z = 1 }\na = ${x}\na { y = 1 }");
        var changed = original.WithValue("a.q", "2");
        Assert.Equal(["x.z", "a.z", "a.y", "a.q"], changed.LeafPaths());
        Assert.Equal(["x.z", "a.z", "a.y"], original.LeafPaths());
        Assert.Equal(["x.z", "a.z", "a.y", "b"], original.WithValue("b", "1").LeafPaths());
    }

    [Fact]
    public void WithValue_MissingSubstitution_FailsWithSetOrigin()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse(Cluster).WithValue("a", "${nope}"));
        Assert.StartsWith("<set a>:1:1: could not resolve substitution ${nope}", error.Message);
    }

    [Fact]
    public void WithValue_Array_ReplacesList()
    {
        Assert.Equal([1, 2], Hocon.Parse(Cluster).WithValue("training.layers", "[1,2]").GetIntList("training.layers"));
    }

    [Fact]
    public void WithValue_Object_MergesIntoExisting()
    {
        var config = Hocon.Parse(Cluster).WithValue("training", "{ epochs = 9 }");
        Assert.Equal(9, config.GetInt("training.epochs"));
        Assert.Equal(0.01, config.GetDouble("training.lr"));
    }

    [Fact]
    public void WithValue_Substitution_ResolvesAgainstConfig()
    {
        var config = Hocon.Parse(Cluster).WithValue("copy", "${training.layers}");
        Assert.Equal([784, 128, 10], config.GetIntList("copy"));
    }

    [Fact]
    public void WithValue_SelfReference_AppendsToEarlier()
    {
        var config = Hocon.Parse(Cluster).WithValue("training.layers", "${training.layers} [5]");
        Assert.Equal([784, 128, 10, 5], config.GetIntList("training.layers"));
    }

    [Fact]
    public void WithValue_OnSubConfig_WritesRelativePath()
    {
        var training = Hocon.Parse(Cluster).GetConfig("training").WithValue("epochs", "4");
        Assert.Equal(4, training.GetInt("epochs"));
    }

    [Fact]
    public void WithValue_BadText_FailsWithSetOrigin()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse(Cluster).WithValue("a", "[1,"));
        Assert.StartsWith("<set a>:1:4: unterminated list", error.Message);
        Assert.EndsWith("(to set a plain string, put the value in double quotes)", error.Message);
    }

    [Fact]
    public void WithValue_QuotedHostAndPort_IsString()
    {
        Assert.Equal("h:2552", Hocon.Parse(Cluster).WithValue("cluster.seed", "\"h:2552\"").GetString("cluster.seed"));
    }

    [Fact]
    public void WithFallback_FillsMissingKeysAndMergesObjects()
    {
        var user = Hocon.Parse("training { epochs = 10 }\nextra = 1");
        var merged = user.WithFallback(Hocon.Parse(Cluster));
        Assert.Equal(10, merged.GetInt("training.epochs"));
        Assert.Equal(0.01, merged.GetDouble("training.lr"));
        Assert.Equal(1, merged.GetInt("extra"));
        Assert.Equal("actortrain", merged.GetString("cluster.name"));
    }

    [Fact]
    public void Render_WritesReadableHocon()
    {
        string rendered = Hocon.Parse("a { b = 1, s = \"x\\\"y\", l = [1, two] }\n\"k.k\" = true").Render();
        Assert.Equal("a {\n  b = 1\n  s = \"x\\\"y\"\n  l = [1, \"two\"]\n}\n\"k.k\" = true\n", rendered);
    }
}

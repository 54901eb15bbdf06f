namespace ActorTrain.Runtime.Tests.Config;

/// <summary>A file shaped like cluster.hocon, with launcher overrides through the environment and the command line.</summary>
public sealed class ClusterFileTests
{
    private const string ClusterHocon = """
        # One host, embedded cluster; launchers override host, port and rank.
        actortrain {
          cluster {
            system-name = actortrain
            host = "127.0.0.1"
            host = ${?AT_HOST}
            port = 2552
            port = ${?AT_PORT}
            seed-nodes = []
            seed-nodes += "actortrain://"${actortrain.cluster.system-name}"@"${actortrain.cluster.host}":"${actortrain.cluster.port}
            failure-detector {
              heartbeat-interval = 1s
              threshold = 8.0
              acceptable-heartbeat-pause = 3 s
            }
          }
          remote.max-frame-size = 64MiB
          training {
            mode = sync        // sync | async | bounded
            staleness = 4
            epochs: 3
            optimizer = ${actortrain.defaults.optimizer} { lr = 0.05 }
          }
          defaults.optimizer { name = sgd, lr = 0.1, momentum = 0.9 }
        }
        """;

    [Fact]
    public void Parse_WithoutEnvironment_UsesFileDefaults()
    {
        var config = Hocon.Parse(ClusterHocon).GetConfig("actortrain");
        Assert.Equal("127.0.0.1", config.GetString("cluster.host"));
        Assert.Equal(2552, config.GetInt("cluster.port"));
        Assert.Equal(["actortrain://actortrain@127.0.0.1:2552"], config.GetStringList("cluster.seed-nodes"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(8.0, config.GetDouble("cluster.failure-detector.threshold"));
        Assert.Equal(64L * 1024 * 1024, config.GetBytes("remote.max-frame-size"));
        Assert.Equal("sync", config.GetString("training.mode"));
        Assert.Equal(0.05, config.GetDouble("training.optimizer.lr"));
        Assert.Equal(0.9, config.GetDouble("training.optimizer.momentum"));
    }

    [Fact]
    public void Parse_WithLauncherEnvironment_OverridesHostAndPort()
    {
        var env = new Dictionary<string, string> { ["AT_HOST"] = "node7", ["AT_PORT"] = "4000" };
        var config = Hocon.Parse(ClusterHocon, env);
        Assert.Equal(4000, config.GetInt("actortrain.cluster.port"));
        Assert.Equal(["actortrain://actortrain@node7:4000"], config.GetStringList("actortrain.cluster.seed-nodes"));
    }

    [Fact]
    public void WithValue_CommandLineOverride_FlowsIntoDependentValues()
    {
        var config = Hocon.Parse(ClusterHocon).WithValue("actortrain.cluster.port", "2600");
        Assert.Equal(["actortrain://actortrain@127.0.0.1:2600"], config.GetStringList("actortrain.cluster.seed-nodes"));
    }

    [Fact]
    public void Render_ClusterFile_ParsesBackToSameLeaves()
    {
        var config = Hocon.Parse(ClusterHocon);
        var reparsed = Hocon.Parse(config.Render());
        Assert.Equal(config.LeafPaths(), reparsed.LeafPaths());
        Assert.Equal(config.GetStringList("actortrain.cluster.seed-nodes"), reparsed.GetStringList("actortrain.cluster.seed-nodes"));
        Assert.Equal(config.GetBytes("actortrain.remote.max-frame-size"), reparsed.GetBytes("actortrain.remote.max-frame-size"));
        Assert.Equal(config.Render(), reparsed.Render());
    }

    [Fact]
    public void WithFallback_OverrideOfFallbackKey_ReachesFallbackSubstitutions()
    {
        var defaults = Hocon.Parse(ClusterHocon);
        var user = Hocon.Parse("actortrain.cluster.host = gpu-box");
        var merged = user.WithFallback(defaults);
        Assert.Equal(["actortrain://actortrain@gpu-box:2552"], merged.GetStringList("actortrain.cluster.seed-nodes"));
    }
}

using System.Text.Json.Nodes;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Host.Tests;

/// <summary>`actortrain train` end to end on real Fashion-MNIST (installed by the test script), on small subsets.</summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly HostRun _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly string[] Quick = ["data.limit=1500", "training.epochs=2", "model.hidden=[64]"];

    [Fact]
    public void Train_SameSeedTwice_WritesIdenticalMetrics()
    {
        var (a, outA) = _host.Train(_host.Out("a"), Quick);
        var (b, outB) = _host.Train(_host.Out("b"), Quick);
        Assert.True(a == 0, outA);
        Assert.True(b == 0, outB);
        string first = File.ReadAllText(Path.Combine(_host.Out("a"), "metrics.jsonl"));
        Assert.Equal(2, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_host.Out("b"), "metrics.jsonl")));
    }

    [Fact]
    public void Train_ResumeAfterFirstEpoch_EndsWithParametersAndMetricsOfUninterruptedRun()
    {
        var (full, fullOutput) = _host.Train(_host.Out("full"), Quick);
        Assert.True(full == 0, fullOutput);
        var (part, partOutput) = _host.Train(_host.Out("part"), [.. Quick, "training.epochs=1"]);
        Assert.True(part == 0, partOutput);
        var (resumed, resumedOutput) = _host.Run(null, _host.Out("part"), null, ["training.epochs=2"], config: Path.Combine(_host.Out("part"), "config.hocon"));
        Assert.True(resumed == 0, resumedOutput);
        Assert.Contains("resuming at epoch 2", resumedOutput);

        Assert.Equal(File.ReadAllText(Path.Combine(_host.Out("full"), "metrics.jsonl")), File.ReadAllText(Path.Combine(_host.Out("part"), "metrics.jsonl")));
        var expected = new CheckpointStore(Path.Combine(_host.Out("full"), "checkpoints")).Latest()!;
        var actual = new CheckpointStore(Path.Combine(_host.Out("part"), "checkpoints")).Latest()!;
        Assert.Equal(expected.Header.Step, actual.Header.Step);
        Assert.Equal(expected.Parameters, actual.Parameters);
    }

    [Fact]
    public void Train_FiveThousandSamples_ReachesOverEightyPercentTestAccuracy()
    {
        var (exit, output) = _host.Train(_host.Out("small"), "data.limit=5000", "training.epochs=3");
        Assert.True(exit == 0, output);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(_host.Out("small"), "summary.json")))!;
        double accuracy = summary["test_accuracy"]!.GetValue<double>();
        Assert.True(accuracy > 0.80, $"test accuracy {accuracy:P2}\n{output}");
        Assert.Equal(10, summary["per_class"]!.AsArray().Count);
        Assert.All(summary["per_class"]!.AsArray(), c => Assert.InRange(c!["recall"]!.GetValue<double>(), 0.0, 1.0));
    }

    [Fact]
    public void Train_InitFromRunWithOtherHiddenWidth_CopiesMatchingLayersAndReportsTheRest()
    {
        var (first, firstOutput) = _host.Train(_host.Out("source"), Quick);
        Assert.True(first == 0, firstOutput);
        var (second, output) = _host.Run(_host.Out("warm"), null, _host.Out("source"), ["data.limit=1500", "training.epochs=1", "model.hidden=[64, 32]"]);
        Assert.True(second == 0, output);
        Assert.Contains("copied dense0.weight, dense0.bias", output);
        Assert.Contains("dense1.weight (size 2048, checkpoint has 640)", output);
        Assert.Contains("dense2.weight (not in checkpoint)", output);
    }

    [Fact]
    public void Train_UnknownSetKey_FailsListingNearestKeysAndStartsNothing()
    {
        var (exit, output) = _host.Train(_host.Out("typo"), "trainng.epochs=3");
        Assert.Equal(2, exit);
        Assert.Contains("unknown key 'actortrain.trainng.epochs'", output);
        Assert.Contains("'actortrain.training.epochs'", output);
        Assert.False(Directory.Exists(_host.Out("typo")));
    }

    [Fact]
    public void Train_ValueOfWrongType_FailsNamingKey()
    {
        var (exit, output) = _host.Train(_host.Out("type"), "training.epochs=many");
        Assert.Equal(2, exit);
        Assert.Contains("training.epochs", output);
        Assert.Contains("many", output);
    }

    [Fact]
    public void Train_MissingDataFolder_FailsNamingFileAndPackage()
    {
        var (exit, output) = _host.Train(_host.Out("nodata"), $"data.path=\"{_host.Out("nowhere")}\"");
        Assert.Equal(2, exit);
        Assert.Contains("train-images-idx3-ubyte", output);
        Assert.Contains("dataset-fashion-mnist", output);
    }

    [Fact]
    public void Train_ResumeWithoutCheckpoint_FailsClearly()
    {
        Directory.CreateDirectory(_host.Out("empty"));
        var (exit, output) = _host.Run(null, _host.Out("empty"), null, []);
        Assert.Equal(2, exit);
        Assert.Contains("no readable checkpoint", output);
    }
}

using System.Text.Json.Nodes;

namespace ActorTrain.Host.Tests;

/// <summary>`actortrain train` with parallelism.mode = data, on a Fashion-MNIST subset.</summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class DataParallelCommandTests : IDisposable
{
    private readonly HostRun _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly string[] Subset = ["data.limit=5000", "training.epochs=3", "model.hidden=[128]", "parallelism.mode=data", "parallelism.replicas=2"];

    private string _lastOutput = "";

    private JsonNode TrainAndSummarize(string name, params string[] extra)
    {
        var (exit, output) = _host.Train(_host.Out(name), [.. Subset, .. extra]);
        Assert.True(exit == 0, output);
        _lastOutput = output;
        return JsonNode.Parse(File.ReadAllText(Path.Combine(_host.Out(name), "summary.json")))!;
    }

    /// <summary>Mean test accuracy over four seeds of a 6k-sample, 5-epoch run annealed to zero.</summary>
    private double Accuracy(string name, params string[] extra) =>
        new[] { 1, 2, 3, 4 }.Average(seed => TrainAndSummarize($"{name}-{seed}",
            [.. extra, "data.limit=6000", "training.epochs=5", "training.schedule.t0=5", $"seed={seed}"])["test_accuracy"]!.GetValue<double>());

    [Fact]
    public void Train_AsyncAndBounded_ReachAccuracyCloseToSync()
    {
        // Asynchrony adds implicit momentum (about 1 − 1/R; Mitliagkas et al., 2016), so the async modes run with explicit
        // momentum 0.8 where sync has 0.9 (0.7 measured worse, 0.85 the same). Measured here over four seeds: sync 83.73%,
        // async 83.03–83.09% in three runs, bounded 83.06%; the means move by under 0.1% between runs (arrival order).
        double sync = Accuracy("sync");
        double async = Accuracy("async", "parallelism.consistency=async", "training.optimizer.momentum=0.8");
        double bounded = Accuracy("bounded", "parallelism.consistency=bounded", "parallelism.staleness=1", "training.optimizer.momentum=0.8");
        Assert.True(sync > 0.82, $"sync accuracy {sync:P2}");
        Assert.True(async > sync - 0.01, $"async {async:P2} vs sync {sync:P2}");
        Assert.True(bounded > sync - 0.01, $"bounded {bounded:P2} vs sync {sync:P2}");
    }

    [Fact]
    public void Train_BoundedWithAStragglerFromConfig_SpreadReachesExactlyTheBound()
    {
        // A worker may start a step while it is at most `staleness` ahead of the fewest steps completed, so completed
        // counts differ by at most staleness + 1; with worker 1 slowed down, the other runs right up to that bound.
        var bounded = TrainAndSummarize("spread", "parallelism.consistency=bounded", "parallelism.staleness=1",
            "parallelism.fault-injection.worker=1", "parallelism.fault-injection.worker-step-delay=3ms");
        Assert.Equal(2, bounded["max_step_spread"]!.GetValue<long>());
    }

    [Fact]
    public void Train_WorkerCrashFromConfig_IsRestartedAndTheRunCompletes()
    {
        var summary = TrainAndSummarize("crash", "parallelism.fault-injection.worker-crash-at-step=30", "parallelism.fault-injection.worker=1");
        Assert.Equal(1, summary["worker_restarts"]!.GetValue<int>());
        Assert.Contains("worker 1 restarted (incarnation 1)", _lastOutput);
        Assert.Equal(3, summary["epochs_run"]!.GetValue<int>());
        Assert.True(summary["test_accuracy"]!.GetValue<double>() > 0.78);
    }

    /// <summary>The dispatcher and push-within-layers keys reach the run, and the start line says what was chosen.</summary>
    [Theory]
    [InlineData("thread-pool", "on", "server shards on the thread pool, gradients pushed within layers")]
    [InlineData("calling-thread", "auto", "server shards on the workers' threads, gradients pushed per layer")]
    [InlineData("thread-pool", "off", "server shards on the thread pool, gradients pushed per layer")]
    public void Train_DispatcherAndPushWithinLayersFromConfig_AreUsedAndShown(string dispatcher, string push, string shown)
    {
        var summary = TrainAndSummarize($"push-{push}", $"parallelism.shard-dispatcher={dispatcher}", $"parallelism.push-within-layers={push}");
        Assert.Contains(shown, _lastOutput.ReplaceLineEndings(" ").Replace("  ", " "));
        Assert.Equal(3, summary["epochs_run"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("consistency", "eventual")]
    [InlineData("shard-dispatcher", "fiber")]
    [InlineData("push-within-layers", "sometimes")]
    public void Train_UnknownChoice_FailsNamingTheKey(string key, string value)
    {
        var (exit, output) = _host.Train(_host.Out("bad"), [.. Subset, $"parallelism.{key}={value}"]);
        Assert.Equal(2, exit);
        Assert.Contains($"actortrain.parallelism.{key}", output);
    }

    /// <summary>A setup the trainer refuses is refused before the run folder is written: nothing of it is saved there.</summary>
    [Fact]
    public void Train_SyncBatchNormWithAsync_IsRefusedBeforeTheRunFolderIsWritten()
    {
        string folder = _host.Out("refused");
        var (exit, output) = _host.Train(folder, [.. Subset, "parallelism.consistency=async", "parallelism.sync-batch-norm=on", "model.batch-norm=on"]);
        Assert.Equal(2, exit);
        Assert.Contains("sync-batch-norm needs parallelism.consistency = sync", output.ReplaceLineEndings(" ").Replace("  ", " "));
        Assert.False(File.Exists(Path.Combine(folder, "config.hocon")), "the refused config was saved into the run folder");
    }
}

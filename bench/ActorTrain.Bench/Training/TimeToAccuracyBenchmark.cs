using System.Diagnostics;
using System.Globalization;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Config;
using ActorTrain.Runtime.Settings;
using ActorTrain.Runtime.Training;
using ActorTrain.Runtime.Training.DataParallel;
using ActorTrain.Testing;

namespace ActorTrain.Bench.Training;

/// <summary>
/// The default configuration (cluster.hocon) trained to a test accuracy, one run after the other in one process: the
/// single-device loop with 2 OpenBLAS threads, then 2 CPU workers with 1 thread each in sync mode, in interleaved
/// rounds (the best round of each is reported). Each epoch is evaluated on the test set; the clock runs from the first
/// step (data loading and model building excluded).
/// </summary>
public sealed class TimeToAccuracyBenchmark : IBenchmark
{
    public string Name => "time-to-accuracy";
    public string Description => "default config: seconds to a test accuracy, single loop (2 threads) vs 2 CPU workers, sync [target, default 0.88] [rounds, default 2]";

    public int Run(string[] args)
    {
        double target = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.88;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var config = HoconParser.ParseFile(RepositoryRoot.File("cluster.hocon"));
        var settings = RunSettings.Bind(config);
        var data = TrainingData.Load(settings.Data, settings.Seed);
        int updateRows = settings.Training.BatchSize * settings.Training.GradientAccumulation;
        var options = TrainingOptionsFactory.Create(settings, (data.Training.Count + updateRows - 1) / updateRows);

        var singles = new List<List<(TimeSpan Time, double Accuracy)>>();
        var parallels = new List<List<(TimeSpan Time, double Accuracy)>>();
        for (int round = 0; round < rounds; round++)
        {
            singles.Add(Single(settings, data, options));
            parallels.Add(DataParallel(config, data, options));
        }
        var single = Best(singles, target);
        var parallel = Best(parallels, target);
        Console.WriteLine($"default config ({options.Epochs} epochs, batch {options.BatchSize}), target {target:P0} test accuracy, best of {rounds} interleaved rounds");
        Report("single loop, 2 threads", single, target, null);
        Report("2 CPU workers × 1 thread, sync", parallel, target, single);
        return 0;
    }

    private static List<(TimeSpan Time, double Accuracy)> Single(RunSettings settings, TrainingData data, TrainingOptions options)
    {
        CpuDevice.SetBlasThreads(2);
        using var device = new CpuDevice();
        using var loss = Loss.Parse(settings.Training.Loss);
        using var model = ModelFactory.Build(settings.Model, device, data.Training.Width,
            ModelFactory.Outputs(loss, data.Training.Classes, data.Training.TargetWidth), settings.Training.BatchSize);
        using var trainer = new SingleDeviceTrainer(model, loss, options, data.Training, data.Test);
        trainer.Initialize();
        var epochs = new List<(TimeSpan, double)>();
        var clock = Stopwatch.StartNew();
        trainer.EpochCompleted += m => epochs.Add((clock.Elapsed, m.ValidationAccuracy));
        trainer.Run();
        return epochs;
    }

    private static List<(TimeSpan Time, double Accuracy)> DataParallel(Runtime.Config.Config config, TrainingData data, TrainingOptions options)
    {
        var settings = RunSettings.Bind(config.WithValue("actortrain.parallelism.mode", "data").WithValue("actortrain.parallelism.replicas", "2"));
        var setup = DataParallelSetupFactory.Create(settings, data, options, checkpointDirectory: null) with { Validation = data.Test };
        var epochs = new List<(TimeSpan, double)>();
        var clock = Stopwatch.StartNew();
        DataParallelTrainer.Run(setup, observer: new DataParallelObserver { Epoch = m => epochs.Add((clock.Elapsed, m.ValidationAccuracy)) });
        return epochs;
    }

    private static List<(TimeSpan Time, double Accuracy)> Best(List<List<(TimeSpan Time, double Accuracy)>> runs, double target) =>
        runs.MinBy(r => Reached(r, target) ?? TimeSpan.MaxValue)!;

    private static TimeSpan? Reached(List<(TimeSpan Time, double Accuracy)> epochs, double target) =>
        epochs.FirstOrDefault(e => e.Accuracy >= target) is { Time: var t } && t > TimeSpan.Zero ? t : null;

    private static void Report(string name, List<(TimeSpan Time, double Accuracy)> epochs, double target, List<(TimeSpan Time, double Accuracy)>? reference)
    {
        var reached = Reached(epochs, target);
        int epoch = epochs.FindIndex(e => e.Accuracy >= target) + 1;
        string time = reached is { } t ? $"{t.TotalSeconds,6:F1} s (epoch {epoch})" : "   not reached";
        string ratio = reference is not null && reached is { } mine && Reached(reference, target) is { } theirs
            ? $"   {theirs / mine:F2}× the single loop's speed to target" : "";
        Console.WriteLine($"{name,-32} {time}   final {epochs[^1].Accuracy:P2} after {epochs[^1].Time.TotalSeconds:F1} s{ratio}");
    }
}

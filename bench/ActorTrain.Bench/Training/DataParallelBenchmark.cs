using System.Globalization;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Bench.Training;

/// <summary>
/// Data-parallel throughput of the default MLP against the single-device loop, each case paired with a loop run just
/// before it: (a) 1 worker + 2 server shards against the loop with as many OpenBLAS threads (the runtime's overhead),
/// (b) 2 CPU workers with 1 thread each, in every consistency mode, against the loop with 2 threads; shards on the
/// thread pool and on the pushing workers' threads — best epoch after the first, no validation set (nothing else runs).
/// Also: worker idle time, shard load, backlog and allocation per step.
/// </summary>
public sealed class DataParallelBenchmark : IBenchmark
{
    private const int Batch = 128;

    public string Name => "data-parallel";
    public string Description => "single loop vs 1 worker + shards vs 2 CPU workers (samples/s, same run) [samples] [rounds] [chunk floats] [only cases containing a|b]";

    public int Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30720;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        if (args.Length > 2) ChunkFloats = int.Parse(args[2], CultureInfo.InvariantCulture);
        // Runs only the cases whose name contains one of these '|'-separated parts; the reference always runs.
        string[] only = args.Length > 3 ? args[3].Split('|') : [""];
        var train = DefaultMlp.TrainingSamples(samples);
        var none = train.Select([], "none");

        // Each case runs right after its own reference loop, and the ratio is taken per pair: on a shared host the speed
        // drifts by 2× within minutes, so only runs next to each other compare. Median over the rounds.
        var cases = new List<(string Name, int ReferenceThreads, int Threads, Func<string, double> Run)>
        {
            // auto runs a lone sync worker's shards on its own thread (calling-thread), the worker pushing whole steps.
            ("1 worker + 2 shards, 2 threads, calling-thread", 2, 2, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.CallingThread)),
            // The same pushing chunk by chunk as layers complete: what whole steps save.
            ("1 worker + 2 shards, 2 threads, calling-thread, per chunk", 2, 2, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.CallingThread, pushWholeSteps: false)),
            ("1 worker + 2 shards, 2 threads, thread-pool", 2, 2, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.ThreadPool)),
            ("1 worker + 2 shards, 1 thread, calling-thread", 1, 1, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.CallingThread)),
            ("1 worker + 2 shards, 1 thread, calling-thread, per chunk", 1, 1, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.CallingThread, pushWholeSteps: false)),
            ("1 worker + 2 shards, 1 thread, thread-pool", 1, 1, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.ThreadPool)),
            // The same without pushing within layers: what the blocks bring when a core is idle.
            ("1 worker + 2 shards, 1 thread, per layer (pool)", 1, 1, name => Parallel(name, train, none, 1, Consistency.Sync, ShardDispatcher.ThreadPool, pushWithinLayers: false)),
        };
        foreach (var consistency in new[] { Consistency.Sync, Consistency.Async, Consistency.Bounded })
        foreach (var dispatcher in new[] { ShardDispatcher.ThreadPool, ShardDispatcher.CallingThread })
            cases.Add(($"2 workers × 1 thread, {consistency.ToString().ToLowerInvariant()}, {(dispatcher == ShardDispatcher.CallingThread ? "calling-thread" : "thread-pool")}",
                2, 1, name => Parallel(name, train, none, 2, consistency, dispatcher)));
        cases.RemoveAll(c => !only.Any(part => c.Name.Contains(part, StringComparison.Ordinal)));

        var ratios = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var speeds = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var references = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        for (int round = 0; round < rounds; round++)
            foreach (var (name, referenceThreads, threads, run) in cases)
            {
                CpuDevice.SetBlasThreads(referenceThreads);
                double reference = Single(train, none);
                references[referenceThreads].Add(reference);
                CpuDevice.SetBlasThreads(threads);
                double speed = run(name);
                speeds[name].Add(speed);
                ratios[name].Add(speed / reference);
                Console.Error.WriteLine($"round {round + 1}: {name}: {speed:N0} samples/s after the loop's {reference:N0}");
            }
        Console.WriteLine($"MLP 784-512-256-10, global batch {Batch}, {samples} samples/epoch, best epoch after the first, {rounds} rounds; " +
                          "ratio = this run / the single loop run just before it, median (min–max)");
        foreach (var (threads, values) in references.Where(r => r.Value.Count > 0))
            Console.WriteLine($"{$"single loop, {threads} thread{(threads > 1 ? "s" : "")}",-58} {values.Max(),10:N0} samples/s (best)");
        foreach (var (name, referenceThreads, _, _) in cases)
        {
            var sorted = ratios[name].Order().ToList();
            double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            Console.WriteLine($"{name,-58} {speeds[name].Max(),10:N0} samples/s (best)   {median,6:P0} ({sorted[0]:P0}–{sorted[^1]:P0}) of the {referenceThreads}-thread loop");
        }
        foreach (var (name, stats) in _statistics)
            Console.WriteLine($"{name,-58} worker idle {string.Join("/", stats.WorkerIdleFraction.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}" +
                              (stats.WorkerHeldFraction.Any(f => f > 0) ? $" + held at the bound {string.Join("/", stats.WorkerHeldFraction.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}" : "") + ", " +
                              $"shard busy {string.Join("/", stats.ShardBusyFraction.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}, " +
                              $"gradients applied {stats.GradientBytesPerSecond / 1e9:F2} GB/s, deepest backlog {stats.MaxPushBacklog} held chunks, " +
                              $"parameters written in place {stats.ParametersWrittenFraction:P0}, " +
                              $"allocated {_allocations[name].BytesPerStep / 1024.0:N0} KiB/step ({_allocations[name].CollectionsPerStep:F2} gen-0 GCs/step, whole process)");
        return 0;
    }

    private static OptimizerUpdate Sgd => new() { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1, Momentum = 0.9 };

    private static double Single(Dataset train, Dataset none)
    {
        using var model = DefaultMlp.Create(new CpuDevice(), Batch);
        var options = new TrainingOptions { Epochs = 3, BatchSize = Batch, Seed = 42, Optimizer = Sgd, Schedule = new ConstantSchedule(0.05) };
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, train, none);
        trainer.Initialize();
        return trainer.Run().Epochs.Skip(1).Max(e => e.SamplesPerSecond);
    }

    private readonly Dictionary<string, RunStatistics> _statistics = [];
    private readonly Dictionary<string, (long BytesPerStep, double CollectionsPerStep)> _allocations = [];
    private readonly Dictionary<string, double> _best = [];
    private static int ChunkFloats = 1 << 14; // the default chunk-size (64 KiB)

    private double Parallel(string name, Dataset train, Dataset none, int workers, Consistency consistency, ShardDispatcher dispatcher, bool? pushWithinLayers = null, bool? pushWholeSteps = null)
    {
        using var probe = DefaultMlp.Create(new CpuDevice(), 1);
        var setup = new DataParallelSetup
        {
            Consistency = consistency,
            ShardDispatcher = dispatcher,
            PushWithinLayers = pushWithinLayers,
            PushWholeSteps = pushWholeSteps,
            Devices = Enumerable.Range(0, workers).Select(i => $"cpu:{i}").ToList(),
            Shards = ShardRange.Balance(probe.Layout.Length, 2),
            GlobalBatch = Batch,
            Epochs = 3,
            Seed = 42,
            Optimizer = Sgd,
            Schedule = new ConstantSchedule(0.05),
            Training = train,
            Validation = none,
            Model = DefaultMlp.Create,
            Loss = () => new SoftmaxCrossEntropy(),
            Device = name => new CpuDevice(name),
            ChunkFloats = ChunkFloats,
        };
        long allocated = GC.GetTotalAllocatedBytes(precise: true), collections = GC.CollectionCount(0);
        var result = DataParallelTrainer.Run(setup);
        long steps = 3L * (train.Count / Batch);
        double speed = result.Epochs.Skip(1).Max(e => e.SamplesPerSecond);
        // The counters of the case's fastest round: a round slowed by the rest of the machine says little about the runtime.
        if (!_best.TryGetValue(name, out double best) || speed > best)
        {
            _best[name] = speed;
            _allocations[name] = ((GC.GetTotalAllocatedBytes(precise: true) - allocated) / steps, (GC.CollectionCount(0) - collections) / (double)steps);
            if (result.Statistics is { } stats) _statistics[name] = stats;
        }
        return speed;
    }
}

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
/// Data-parallel throughput of the default MLP against the single-device loop, interleaved in one run:
/// (a) the loop with 2 OpenBLAS threads, (b) 1 worker + 2 server shards with 2 threads (the runtime's overhead),
/// (c) 2 CPU workers with 1 thread each in every consistency mode, with the shards on the thread pool and on the pushing
/// workers' threads — best epoch after the first, no validation set (nothing else runs).
/// </summary>
public sealed class DataParallelBenchmark : IBenchmark
{
    private const int Batch = 128;

    public string Name => "data-parallel";
    public string Description => "single loop vs 1 worker + shards vs 2 CPU workers (samples/s, same run) [samples] [rounds] [chunk floats] [only cases containing]";

    public int Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30720;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        if (args.Length > 2) ChunkFloats = int.Parse(args[2], CultureInfo.InvariantCulture);
        string only = args.Length > 3 ? args[3] : ""; // runs only the cases whose name contains this (the reference always runs)
        var train = DefaultMlp.TrainingSamples(samples);
        var none = train.Select([], "none");

        var results = new Dictionary<string, List<double>>();
        void Add(string key, double v) => (results.TryGetValue(key, out var l) ? l : results[key] = []).Add(v);
        for (int round = 0; round < rounds; round++)
        {
            CpuDevice.SetBlasThreads(2);
            Add("single loop, 2 threads", Single(train, none));
            void Case(string name, Func<double> run)
            {
                if (name.Contains(only, StringComparison.Ordinal)) Add(name, run());
            }
            Case("1 worker + 2 shards, 2 threads", () => Parallel("1 worker + 2 shards, 2 threads", train, none, 1, Consistency.Sync, ShardDispatcher.Auto));
            CpuDevice.SetBlasThreads(1);
            Case("single loop, 1 thread", () => Single(train, none));
            Case("1 worker + 2 shards, 1 thread", () => Parallel("1 worker + 2 shards, 1 thread", train, none, 1, Consistency.Sync, ShardDispatcher.Auto));
            foreach (var consistency in new[] { Consistency.Sync, Consistency.Async, Consistency.Bounded })
            foreach (var dispatcher in new[] { ShardDispatcher.ThreadPool, ShardDispatcher.CallingThread })
            {
                string name = $"2 workers × 1 thread, {consistency.ToString().ToLowerInvariant()}, {(dispatcher == ShardDispatcher.CallingThread ? "calling-thread" : "thread-pool")}";
                Case(name, () => Parallel(name, train, none, 2, consistency, dispatcher));
            }
        }
        double reference = results["single loop, 2 threads"].Max();
        Console.WriteLine($"MLP 784-512-256-10, global batch {Batch}, {samples} samples/epoch, best epoch after the first, best of {rounds} interleaved rounds");
        foreach (var (name, values) in results)
            Console.WriteLine($"{name,-44} {values.Max(),10:N0} samples/s   {values.Max() / reference,6:P0} of the single loop");
        foreach (var (name, stats) in _statistics)
            Console.WriteLine($"{name,-44} worker idle {string.Join("/", stats.WorkerIdleFraction.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}, " +
                              $"shard busy {string.Join("/", stats.ShardBusyFraction.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}, " +
                              $"gradients applied {stats.GradientBytesPerSecond / 1e9:F2} GB/s, deepest backlog {stats.MaxPushBacklog} held chunks, " +
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
    private static int ChunkFloats = 1 << 14; // the default chunk-size (64 KiB)

    private double Parallel(string name, Dataset train, Dataset none, int workers, Consistency consistency, ShardDispatcher dispatcher)
    {
        using var probe = DefaultMlp.Create(new CpuDevice(), 1);
        var setup = new DataParallelSetup
        {
            Consistency = consistency,
            ShardDispatcher = dispatcher,
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
        _allocations[name] = ((GC.GetTotalAllocatedBytes(precise: true) - allocated) / steps, (GC.CollectionCount(0) - collections) / (double)steps);
        if (result.Statistics is { } stats) _statistics[name] = stats;
        return result.Epochs.Skip(1).Max(e => e.SamplesPerSecond);
    }
}

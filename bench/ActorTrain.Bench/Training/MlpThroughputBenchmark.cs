using ActorTrain.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Schedules;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Bench.Training;

/// <summary>
/// Training throughput of the default MLP (784-512-256-10, ReLU, He, SGD momentum 0.05/0.9, batch 128, standardized
/// Fashion-MNIST) on the CPU device, side by side with PyTorch 1.13 (tools/torch_mlp_bench.py, same model, data,
/// batch and thread count) in the same run, interleaved, best of several rounds. Also: the GEMM bound (the step's
/// eight GEMMs timed alone through OpenBLAS), managed bytes allocated per step and peak working set.
/// </summary>
public sealed class MlpThroughputBenchmark : IBenchmark
{
    private const double FlopsPerSample = 2.41e6; // forward + weight gradients + input gradients of layers 2 and 3
    private const int Batch = 128;

    public string Name => "mlp";
    public string Description => "MLP training samples/s vs PyTorch (same run), GEMM bound, allocations per step";

    public int Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30720;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var train = DefaultMlp.TrainingSamples(samples);
        string script = RepositoryRoot.File("tools", "torch_mlp_bench.py");

        var ours = new Dictionary<int, List<double>>();
        var torch = new Dictionary<int, List<double>>();
        var bound = new Dictionary<int, List<double>>();
        long bytesPerStep = 0;
        foreach (int threads in new[] { 1, 2 }) Ours(train, threads, out _); // JIT and page warm-up
        for (int round = 0; round < rounds; round++)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Add(ours, threads, Ours(train, threads, out bytesPerStep));
                Add(bound, threads, GemmBound(threads));
                Add(torch, threads, Torch(script, threads, samples));
            }
        }

        Console.WriteLine($"MLP 784-512-256-10, batch {Batch}, {samples} Fashion-MNIST samples per epoch, best of {rounds} interleaved rounds");
        Console.WriteLine($"OpenBLAS: {CpuDevice.BlasDescription}");
        Console.WriteLine($"{"threads",7} {"ours/s",10} {"torch/s",10} {"ours/torch",10} {"GEMM bound/s",13} {"ours/bound",10}");
        foreach (int t in new[] { 1, 2 })
            Console.WriteLine($"{t,7} {ours[t].Max(),10:N0} {torch[t].Max(),10:N0} {ours[t].Max() / torch[t].Max(),10:P0} {bound[t].Max(),13:N0} {ours[t].Max() / bound[t].Max(),10:P0}");
        double bestTorch = torch.Values.SelectMany(v => v).Max(), bestOurs = ours.Values.SelectMany(v => v).Max();
        Console.WriteLine($"best ours {bestOurs:N0} vs best PyTorch setting {bestTorch:N0}: {bestOurs / bestTorch:F2}x");
        Console.WriteLine($"managed bytes allocated per step (steady state): {bytesPerStep}");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        return 0;
    }

    private static void Add(Dictionary<int, List<double>> d, int key, double value)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = [];
        list.Add(value);
    }

    /// <summary>One epoch after a warm-up epoch on the same trainer; samples/s of the measured epoch's training time.</summary>
    private static double Ours(Dataset train, int threads, out long bytesPerStep)
    {
        CpuDevice.SetBlasThreads(threads);
        using var model = DefaultMlp.Create(new CpuDevice(), Batch);
        var options = new TrainingOptions
        {
            Epochs = 2,
            BatchSize = Batch,
            Seed = 42,
            Optimizer = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1, Momentum = 0.9 },
            Schedule = new ConstantSchedule(0.05),
        };
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, train, train.Select([], "none"));
        trainer.Initialize();
        var clock = new Stopwatch();
        long allocated = 0, steps = 0;
        trainer.StepCompleted += p =>
        {
            if (p.Epoch == 0) return;
            if (!clock.IsRunning)
            {
                clock.Start();
                allocated = GC.GetAllocatedBytesForCurrentThread();
                steps = p.Step;
            }
        };
        long stepsAtStart = 0;
        trainer.EpochCompleted += m =>
        {
            if (m.Epoch == 0) return;
            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            stepsAtStart = m.Step - steps;
        };
        var outcome = trainer.Run();
        bytesPerStep = stepsAtStart > 0 ? allocated / stepsAtStart : -1;
        // Epoch 1 without its first step (the clock starts after it): samples/s over the measured steps.
        return stepsAtStart * Batch / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The samples/s a step would reach if it were nothing but its eight GEMMs (the first layer's input gradient is not needed).</summary>
    private static double GemmBound(int threads)
    {
        CpuDevice.SetBlasThreads(threads);
        using var device = new CpuDevice();
        using var stream = device.CreateStream();
        int[] widths = [784, 512, 256, 10];
        var buffers = new List<DeviceBuffer>();
        DeviceSpan Buffer(int n)
        {
            var b = device.Allocate(n);
            buffers.Add(b);
            return b.All;
        }
        var x = Enumerable.Range(0, 4).Select(i => Buffer(Batch * widths[i])).ToArray();
        var w = Enumerable.Range(0, 3).Select(i => Buffer(widths[i] * widths[i + 1])).ToArray();
        var dw = Enumerable.Range(0, 3).Select(i => Buffer(widths[i] * widths[i + 1])).ToArray();
        void Step()
        {
            for (int l = 0; l < 3; l++) stream.Gemm(Transpose.None, Transpose.Transposed, Batch, widths[l + 1], widths[l], 1f, x[l], w[l], 0f, x[l + 1]);
            for (int l = 2; l >= 0; l--)
            {
                stream.Gemm(Transpose.Transposed, Transpose.None, widths[l + 1], widths[l], Batch, 1f, x[l + 1], x[l], 1f, dw[l]);
                if (l > 0) stream.Gemm(Transpose.None, Transpose.None, Batch, widths[l], widths[l + 1], 1f, x[l + 1], w[l], 0f, x[l]);
            }
        }
        for (int i = 0; i < 20; i++) Step();
        const int reps = 200;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) Step();
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var b in buffers) b.Dispose();
        return reps * Batch / seconds;
    }

    private static double Torch(string script, int threads, int samples)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [script, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--samples", samples.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"torch benchmark failed ({process.ExitCode}): {errors}");
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return json.RootElement.GetProperty("samples_per_second").GetDouble();
    }
}

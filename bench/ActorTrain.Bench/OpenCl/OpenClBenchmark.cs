using System.Diagnostics;
using System.Globalization;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.OpenCl;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Random;
using ActorTrain.Kernels.Schedules;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Bench.OpenCl;

/// <summary>
/// The OpenCL device against the CPU device in one run: GEMM GFLOP/s of CLBlast and OpenBLAS at the eight GEMMs of an
/// MLP 784-512-256-10 step (batch 128), training samples/s of that MLP, and the start-up cost of a fresh process
/// (child processes with PoCL's own kernel cache off) without and with our program binary cache.
/// Sections: <c>opencl [all|gemm|train|startup]</c>; <c>startup</c> alone takes about a minute on PoCL.
/// </summary>
public sealed class OpenClBenchmark : IBenchmark
{
    private const int Batch = 128;
    private static readonly int[] Widths = [784, 512, 256, 10];

    public string Name => "opencl";
    public string Description => "OpenCL device vs CPU: CLBlast vs OpenBLAS GEMM GFLOP/s, MLP samples/s, start-up with/without binary cache";

    public int Run(string[] args)
    {
        if (args is ["--open", var cacheDirectory]) return OpenAndReport(cacheDirectory);
        string section = args.Length > 0 ? args[0] : "all";
        var found = OpenClPlatform.Discover();
        if (found.Devices.Count == 0)
        {
            Console.WriteLine($"no OpenCL device: {found.Reason}");
            return 1;
        }
        var clock = Stopwatch.StartNew();
        using var opencl = new OpenClDevice(found.Devices[0]);
        Console.WriteLine($"{found.Devices[0]}");
        Console.WriteLine($"opened in {clock.Elapsed.TotalSeconds:F2} s (program {(opencl.ProgramFromCache ? "from cache" : "compiled")} in {opencl.ProgramBuildTime.TotalSeconds:F2} s); POCL_MAX_PTHREAD_COUNT={Environment.GetEnvironmentVariable("POCL_MAX_PTHREAD_COUNT")}");
        CpuDevice.SetBlasThreads(Environment.ProcessorCount);
        using var cpu = new CpuDevice();
        Console.WriteLine($"OpenBLAS: {CpuDevice.BlasDescription}, {CpuDevice.BlasThreads} threads");
        if (section is "all" or "gemm") Gemm(cpu, opencl);
        if (section is "all" or "train") Train(cpu, opencl);
        if (section is "all" or "startup") Startup();
        return 0;
    }

    /// <summary>(m, n, k, transA, transB) of the forward, weight-gradient and input-gradient GEMMs of a Dense step.</summary>
    private static IEnumerable<(int M, int N, int K, Transpose A, Transpose B, string Role)> StepShapes()
    {
        for (int l = 0; l < 3; l++) yield return (Batch, Widths[l + 1], Widths[l], Transpose.None, Transpose.Transposed, $"forward {l}");
        for (int l = 2; l >= 0; l--)
        {
            yield return (Widths[l + 1], Widths[l], Batch, Transpose.Transposed, Transpose.None, $"dW {l}");
            if (l > 0) yield return (Batch, Widths[l], Widths[l + 1], Transpose.None, Transpose.None, $"dx {l}");
        }
    }

    private static void Gemm(IDevice cpu, IDevice opencl)
    {
        Console.WriteLine();
        Console.WriteLine($"{"GEMM",-10} {"m×n×k",-14} {"op",-4} {"OpenBLAS GF/s",14} {"CLBlast GF/s",13} {"CLBlast/OpenBLAS",17}");
        foreach (var (m, n, k, a, b, role) in StepShapes())
        {
            double blas = GemmGflops(cpu, m, n, k, a, b), clblast = GemmGflops(opencl, m, n, k, a, b);
            string op = $"{(a == Transpose.None ? 'N' : 'T')}{(b == Transpose.None ? 'N' : 'T')}";
            Console.WriteLine($"{role,-10} {$"{m}×{n}×{k}",-14} {op,-4} {blas,14:F1} {clblast,13:F1} {clblast / blas,17:P0}");
        }
    }

    /// <summary>Best of three timed batches, each enough calls for ~0.2 s, synchronised once per batch (queued as a training step queues them).</summary>
    private static double GemmGflops(IDevice device, int m, int n, int k, Transpose ta, Transpose tb)
    {
        using var stream = device.CreateStream();
        using var a = device.Allocate(m * k);
        using var b = device.Allocate(k * n);
        using var c = device.Allocate(m * n);
        stream.Upload(Gaussian(m * k, 1), a.All).Wait();
        stream.Upload(Gaussian(k * n, 2), b.All).Wait();
        double flops = 2.0 * m * n * k;
        int calls = 1;
        double best = 0;
        for (int round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) stream.Gemm(ta, tb, m, n, k, 1f, a.All, b.All, 0f, c.All);
            stream.Synchronize();
            double seconds = clock.Elapsed.TotalSeconds;
            if (round > 0) best = Math.Max(best, calls * flops / seconds / 1e9); // round 0 sizes the batch and warms up
            calls = Math.Max(1, (int)(calls * 0.2 / Math.Max(seconds, 1e-6)));
        }
        return best;
    }

    private static void Train(IDevice cpu, IDevice opencl)
    {
        const int samples = 4096;
        var data = Synthetic(samples);
        Console.WriteLine();
        Console.WriteLine($"MLP 784-512-256-10 training, batch {Batch}, SGD momentum, {samples} synthetic samples per epoch, second epoch timed");
        double cpuRate = SamplesPerSecond(cpu, data), openclRate = SamplesPerSecond(opencl, data);
        Console.WriteLine($"{"device",-10} {"samples/s",10}");
        Console.WriteLine($"{cpu.Name,-10} {cpuRate,10:N0}");
        Console.WriteLine($"{opencl.Name,-10} {openclRate,10:N0}   ({openclRate / cpuRate:P0} of the CPU device)");
    }

    private static double SamplesPerSecond(IDevice device, Dataset data)
    {
        using var model = new Sequential(device, 784,
            [new Dense(512, new HeNormalInitializer()), new ActivationLayer(Activation.Relu), new Dense(256, new HeNormalInitializer()),
             new ActivationLayer(Activation.Relu), new Dense(10, new HeNormalInitializer())], Batch);
        var options = new TrainingOptions
        {
            Epochs = 2,
            BatchSize = Batch,
            Seed = 42,
            Optimizer = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1 },
            Schedule = new ConstantSchedule(0.05),
        };
        using var trainer = new SingleDeviceTrainer(model, new SoftmaxCrossEntropy(), options, data, data.Select([], "none"));
        trainer.Initialize();
        return trainer.Run().Epochs[^1].SamplesPerSecond;
    }

    private static Dataset Synthetic(int count)
    {
        var random = new SeededRandom(3, 1);
        var x = Gaussian(count * 784, 4);
        var y = new float[count];
        for (int i = 0; i < count; i++) y[i] = random.NextInt(10);
        return new Dataset("synthetic", x, y, 784, 1, 10);
    }

    private static float[] Gaussian(int length, ulong seed)
    {
        var random = new SeededRandom(seed, 2);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)random.NextGaussian();
        return values;
    }

    /// <summary>
    /// A fresh process opening the device with PoCL's kernel cache off: first with an empty binary cache (our program
    /// compiled from source), then with the cache it filled. CLBlast keeps no disk cache, so its warm-up is in both.
    /// </summary>
    private static void Startup()
    {
        string cache = Path.Combine(Path.GetTempPath(), "actortrain-bench-opencl-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine();
            Console.WriteLine("fresh-process start-up (POCL_KERNEL_CACHE=0)");
            Console.WriteLine($"{"binary cache",-14} {"program s",10} {"device open s",14} {"process s",10}");
            foreach (string label in new[] { "empty", "filled" })
            {
                var clock = Stopwatch.StartNew();
                string[] report = Child(cache);
                Console.WriteLine($"{label,-14} {report[0],10} {report[1],14} {clock.Elapsed.TotalSeconds,10:F2}   ({report[2]})");
            }
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    private static string[] Child(string cache)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(OpenClBenchmark).Assembly.Location);
        foreach (string a in new[] { "opencl", "--open", cache }) start.ArgumentList.Add(a);
        start.Environment["POCL_KERNEL_CACHE"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"start-up child failed ({process.ExitCode}): {output}");
        return output.Trim().Split('\n')[^1].Split('\t');
    }

    /// <summary>Child side of <see cref="Startup"/>: one line "program seconds \t open seconds \t from cache or compiled".</summary>
    private static int OpenAndReport(string cacheDirectory)
    {
        var clock = Stopwatch.StartNew();
        using var device = OpenClDevice.Open(0, cacheDirectory: cacheDirectory);
        double open = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Join('\t',
            device.ProgramBuildTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
            open.ToString("F2", CultureInfo.InvariantCulture),
            device.ProgramFromCache ? "program from cache" : "program compiled"));
        return 0;
    }
}

using System.Diagnostics;
using System.Numerics;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Bench.Kernels;

/// <summary>
/// GEMM throughput at the MLP's shapes through CpuDevice (stream.Gemm on DeviceSpans) against cblas_sgemm called
/// directly — the cost of our layer over OpenBLAS, goal ≥ 95% — and the managed SIMD fallback, at OpenBLAS thread
/// counts 1 and 2. The three variants are sampled in rotating order within each repetition and the median kept, so
/// load from other processes on the machine hits all three alike.
/// </summary>
public sealed class GemmBenchmark : IBenchmark
{
    private const double SampleSeconds = 0.01;

    public string Name => "gemm";

    public string Description => "GEMM GFLOP/s at the MLP's shapes: CpuDevice vs cblas_sgemm direct vs managed; arg: repetitions (default 15)";

    public int Run(string[] args)
    {
        int repetitions = args.Length > 0 ? int.Parse(args[0]) : 15;
        if (!CpuDevice.OpenBlasAvailable)
        {
            Console.Error.WriteLine("OpenBLAS is not available: install libopenblas0-pthread");
            return 1;
        }

        using var blasDevice = new CpuDevice("cpu:0", gemm: GemmBackend.OpenBlas);
        using var managedDevice = new CpuDevice("cpu:1", gemm: GemmBackend.Managed);
        using var blas = blasDevice.CreateStream();
        using var managed = managedDevice.CreateStream();
        var random = new System.Random(1);
        var cases = GemmShape.Mlp.Select(s => (Shape: s, Case: new GemmCase(s, blas, managed, random))).ToList();
        int initialThreads = CpuDevice.BlasThreads;

        Console.WriteLine($"OpenBLAS {CpuDevice.BlasDescription}; Vector<float> {Vector<float>.Count} lanes; " +
                          $"median of {repetitions} samples of ≈{SampleSeconds * 1000:F0} ms per variant, interleaved; ratios are medians of per-repetition ratios");
        Console.WriteLine($"{"threads",7} {"shape",-12} {"m",4} {"n",4} {"k",4} {"ours GF/s",10} {"raw GF/s",9} {"managed GF/s",13} {"ours/raw",9} {"managed/raw",12}");
        WarmUpManaged(cases[0].Case);
        foreach (int threads in new[] { 1, 2 })
        {
            CpuDevice.SetBlasThreads(threads);
            var ratios = new List<double>();
            foreach (var (shape, gemm) in cases)
            {
                double[][] seconds = Measure([gemm.Ours, gemm.Raw, gemm.Managed], repetitions);
                double ours = shape.Flops / Median(seconds[0]) / 1e9, raw = shape.Flops / Median(seconds[1]) / 1e9, fallback = shape.Flops / Median(seconds[2]) / 1e9;
                // Ratios from samples taken back to back, then their median: less sensitive to load that comes and goes than a ratio of medians.
                double oursToRaw = Median(seconds[1].Zip(seconds[0], (r, o) => r / o));
                double managedToRaw = Median(seconds[1].Zip(seconds[2], (r, m) => r / m));
                ratios.Add(oursToRaw);
                Console.WriteLine($"{threads,7} {shape.Name,-12} {shape.M,4} {shape.N,4} {shape.K,4} {ours,10:F1} {raw,9:F1} {fallback,13:F1} {oursToRaw,9:P1} {managedToRaw,12:P1}");
            }
            double geometricMean = Math.Exp(ratios.Average(Math.Log));
            Console.WriteLine($"{threads,7} ours/raw over the {ratios.Count} shapes: min {ratios.Min():P1}, geometric mean {geometricMean:P1}");
        }

        CpuDevice.SetBlasThreads(1);
        PrintCallCost(blas, managed, random, repetitions);
        CpuDevice.SetBlasThreads(initialThreads);
        foreach (var (_, gemm) in cases) gemm.Dispose();
        return 0;
    }

    /// <summary>What CpuDevice adds to each call (argument checks, span resolution), seen on a 1×1×1 GEMM where OpenBLAS does almost nothing.</summary>
    private static void PrintCallCost(IDeviceStream blas, IDeviceStream managed, System.Random random, int repetitions)
    {
        using var tiny = new GemmCase(new GemmShape("1×1×1", Transpose.None, Transpose.None, 1, 1, 1, 0f), blas, managed, random);
        double[][] seconds = Measure([tiny.Ours, tiny.Raw], repetitions);
        double ours = Median(seconds[0]) * 1e9, raw = Median(seconds[1]) * 1e9;
        Console.WriteLine($"call cost at 1×1×1: ours {ours:F0} ns, raw cblas_sgemm {raw:F0} ns, CpuDevice adds {Median(seconds[0].Zip(seconds[1], (o, r) => (o - r) * 1e9)):F0} ns per call");
    }

    /// <summary>Seconds per call of each variant, one sample per repetition; a sample is a batch of calls lasting about <see cref="SampleSeconds"/>.</summary>
    private static double[][] Measure(Action[] variants, int repetitions)
    {
        var calls = variants.Select(v => CallsPerSample(v)).ToArray();
        var samples = variants.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < repetitions; r++)
        for (int j = 0; j < variants.Length; j++)
        {
            int v = (r + j) % variants.Length; // rotate who goes first, so none always runs on a cold cache
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls[v]; i++) variants[v]();
            samples[v].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / calls[v]);
        }
        return samples.Select(s => s.ToArray()).ToArray();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static int CallsPerSample(Action variant)
    {
        variant();
        long start = Stopwatch.GetTimestamp();
        variant();
        variant();
        double perCall = Stopwatch.GetElapsedTime(start).TotalSeconds / 2;
        return (int)Math.Clamp(Math.Ceiling(SampleSeconds / perCall), 1, 100_000);
    }

    /// <summary>Runs the managed GEMM long enough for tiered compilation to promote its loops, so they are timed optimised.</summary>
    private static void WarmUpManaged(GemmCase gemm)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 0.5) gemm.Managed();
    }
}

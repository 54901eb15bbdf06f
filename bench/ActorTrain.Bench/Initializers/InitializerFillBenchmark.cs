using System.Diagnostics;
using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Bench.Initializers;

/// <summary>
/// How long filling a model's worth of weights takes, per initializer, beside System.Random filling the
/// same buffer with uniforms (the cheapest reasonable baseline). Tells whether initializing a large model
/// on one thread is a start-up cost worth parallelizing.
/// </summary>
public sealed class InitializerFillBenchmark : IBenchmark
{
    public string Name => "init-fill";

    public string Description => "Initializer fill rate (Mfloat/s) vs System.Random uniform; arg: floats (default 16M)";

    public int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 16 << 20;
        var weights = new float[count];
        var cases = new (string Name, Action Fill)[]
        {
            ("System.Random uniform", () =>
            {
                var random = new System.Random(1);
                for (int i = 0; i < weights.Length; i++) weights[i] = random.NextSingle();
            }),
            ("zeros", () => ConstantInitializer.Zeros.Fill(weights, 512, 512, new SeededRandom(1))),
            ("xavier-uniform", () => new XavierUniformInitializer().Fill(weights, 512, 512, new SeededRandom(1))),
            ("xavier-normal", () => new XavierNormalInitializer().Fill(weights, 512, 512, new SeededRandom(1))),
            ("he-normal", () => new HeNormalInitializer().Fill(weights, 512, 512, new SeededRandom(1))),
        };

        Console.WriteLine($"{"initializer",-24} {"best ms",10} {"Mfloat/s",10}   ({count} floats, best of 3)");
        foreach (var (name, fill) in cases)
        {
            fill();
            double best = double.MaxValue;
            for (int repeat = 0; repeat < 3; repeat++)
            {
                var watch = Stopwatch.StartNew();
                fill();
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"{name,-24} {best,10:F1} {count / best / 1000.0,10:F1}");
        }

        return 0;
    }
}

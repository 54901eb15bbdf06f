using System.Diagnostics;
using System.Globalization;
using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Bench.Optimizers;

/// <summary>
/// The optimizer pass alone, as the single loop runs it (in place over the flat vector) against what a sync shard runs:
/// in place too, chunk by chunk, but storing each chunk's previous values into an array of the shard's own in the same
/// pass: the version a redone step needs (a lone worker's case: with several, the shard stores them over the summed
/// gradient it has just read). Between passes a step's worth of other memory is streamed, as the forward and
/// backward passes do, so the caches hold what they would. The ratio is the shard's price for keeping that version.
/// </summary>
public sealed class ShardUpdateBenchmark : IBenchmark
{
    public string Name => "shard-update";
    public string Description => "momentum update in place (the loop) vs in place keeping the previous values (sync shards), default MLP size [rounds]";

    private const int Parameters = 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10;
    private const int Chunk = 1 << 14;

    public int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var update = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.05f, Step = 1, Momentum = 0.9 };
        var random = new Random(42);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 0.02 - 0.01)).ToArray();
        // Allocated as each side allocates them: the loop's model buffers and the shared parameters pinned, the shard's
        // optimizer state (one shard's range here) a plain array.
        float[] Pinned(int n)
        {
            var values = GC.AllocateArray<float>(n, pinned: true);
            Values(n).CopyTo(values, 0);
            return values;
        }
        float[] parameters = Pinned(Parameters), gradients = Pinned(Parameters), loopGradients = Pinned(Parameters), momentum = GC.AllocateArray<float>(Parameters, pinned: true);
        float[] shared = Pinned(Parameters), shardGradients = Pinned(Parameters), shardMomentum = new float[Parameters], shardPrevious = new float[Parameters];
        float[] other = Values(8 << 20 >> 2); // 8 MiB of activations and weights read between passes
        const int steps = 200;

        double InPlace()
        {
            long ticks = 0;
            for (int s = 0; s < steps; s++)
            {
                Touch(other);
                Touch(parameters); // the forward and backward passes read them just before
                gradients.CopyTo(loopGradients, 0); // and the backward pass writes these
                long start = Stopwatch.GetTimestamp();
                for (int offset = 0; offset < Parameters; offset += Chunk)
                {
                    int length = Math.Min(Chunk, Parameters - offset);
                    HostOptimizer.Step(update, parameters.AsSpan(offset, length), loopGradients.AsSpan(offset, length), momentum.AsSpan(offset, length), default, 0f);
                }
                ticks += Stopwatch.GetTimestamp() - start;
            }
            return ticks;
        }

        double KeepingPrevious()
        {
            long ticks = 0;
            for (int s = 0; s < steps; s++)
            {
                Touch(other);
                Touch(shared); // the forward and backward passes read them just before
                gradients.CopyTo(shardGradients, 0); // the backward pass writes these
                long start = Stopwatch.GetTimestamp();
                for (int offset = 0; offset < Parameters; offset += Chunk)
                {
                    int length = Math.Min(Chunk, Parameters - offset);
                    HostOptimizer.Step(update, shared.AsSpan(offset, length), shardGradients.AsSpan(offset, length), shardMomentum.AsSpan(offset, length), default, 0f,
                        shardPrevious.AsSpan(offset, length));
                }
                ticks += Stopwatch.GetTimestamp() - start;
            }
            return ticks;
        }

        InPlace();
        KeepingPrevious(); // warm-up: JIT and page faults
        var ratios = new List<double>();
        double bestIn = double.MaxValue, bestOut = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            double a = InPlace(), b = KeepingPrevious();
            bestIn = Math.Min(bestIn, a);
            bestOut = Math.Min(bestOut, b);
            ratios.Add(b / a);
        }
        ratios.Sort();
        double perStep(double ticks) => ticks / steps / Stopwatch.Frequency * 1e6;
        Console.WriteLine($"momentum update of {Parameters:N0} parameters in {Chunk}-value chunks, {steps} steps per round, {rounds} rounds, 8 MiB streamed between steps");
        Console.WriteLine($"in place (single loop)            {perStep(bestIn),8:F0} µs/step (best)");
        Console.WriteLine($"keeping the previous (shard)      {perStep(bestOut),8:F0} µs/step (best)   {ratios[ratios.Count / 2]:F2}× ({ratios[0]:F2}–{ratios[^1]:F2}×) of in place, median (min–max) of paired rounds");
        return 0;
    }

    private static float _sink;

    private static void Touch(float[] memory)
    {
        float sum = 0;
        for (int i = 0; i < memory.Length; i += 16) sum += memory[i];
        _sink += sum;
    }
}

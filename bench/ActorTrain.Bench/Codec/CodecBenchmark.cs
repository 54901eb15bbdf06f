using System.Buffers;
using System.Diagnostics;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Bench.Codec;

/// <summary>
/// Encodes and decodes a 4 MB float32 tensor as MessagePack bin, next to a plain memory copy of the same bytes.
/// Encode and decode are each one copy, so each should run near memcpy speed, and the round trip near half of it.
/// </summary>
public sealed class CodecBenchmark : IBenchmark
{
    private const int Floats = 1 << 20;
    private const int Rounds = 7;

    public string Name => "codec";
    public string Description => "GB/s of MessagePack encode+decode of a 4 MB float32 tensor vs memcpy [iterations=200]";

    public int Run(string[] args)
    {
        int iterations = args.Length > 0 ? int.Parse(args[0]) : 200;
        var values = new float[Floats];
        for (int i = 0; i < values.Length; i++)
            values[i] = MathF.Sin(i);
        var output = new ArrayBufferWriter<byte>(Floats * sizeof(float) + 16);
        var decoded = new float[Floats];
        var copySource = new byte[Floats * sizeof(float)];
        var copyTarget = new byte[copySource.Length];

        double memcpy = BestSeconds(iterations, () => copySource.AsSpan().CopyTo(copyTarget));
        double encode = BestSeconds(iterations, () => Encode(values, output));
        double decode = BestSeconds(iterations, () => Decode(output, decoded));
        if (!values.AsSpan().SequenceEqual(decoded))
        {
            Console.Error.WriteLine("decoded tensor differs from the original");
            return 1;
        }

        double bytes = copySource.Length;
        double copyRate = bytes / memcpy / 1e9;
        Console.WriteLine($"tensor: {Floats} float32 = {bytes / (1 << 20):F1} MiB, best of {Rounds} rounds x {iterations} iterations");
        Console.WriteLine($"{"operation",-22}{"GB/s",8}{"vs memcpy",12}");
        Row("memcpy", copyRate, copyRate);
        Row("encode (WriteFloats)", bytes / encode / 1e9, copyRate);
        Row("decode (ReadFloats)", bytes / decode / 1e9, copyRate);
        Row("encode+decode", bytes / (encode + decode) / 1e9, copyRate);
        return 0;
    }

    private static void Row(string name, double rate, double copyRate) =>
        Console.WriteLine($"{name,-22}{rate,8:F2}{rate / copyRate,11:P0}");

    private static void Encode(float[] values, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        new MessagePackWriter(output).WriteFloats(values);
    }

    private static void Decode(ArrayBufferWriter<byte> output, float[] destination)
    {
        var reader = new MessagePackReader(output.WrittenSpan);
        reader.ReadFloats(destination);
    }

    /// <summary>Best per-iteration time over several rounds: the machine is shared, and the minimum is the least disturbed figure.</summary>
    private static double BestSeconds(int iterations, Action action)
    {
        action();
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++)
                action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / iterations);
        }
        return best;
    }
}

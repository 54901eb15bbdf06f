using ActorTrain.Testing;
using System.Buffers;
using System.Diagnostics;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Bench.Codec;

/// <summary>
/// Mutation fuzzing of the codec at scale: damaged encodings are decoded by every decoder (objects, skip, registry, envelope, frames).
/// Prints how many inputs each refusal reason covered; any other exception is a crash and fails the run.
/// </summary>
public sealed class CodecFuzzBenchmark : IBenchmark
{
    /// <summary>Limits below some seeds' sizes, so the limit checks are exercised as well as the input-length checks.</summary>
    private static readonly MessagePackReaderOptions Limits =
        new() { MaxDepth = 32, MaxStringBytes = 1024, MaxBinBytes = 16384, MaxCollectionLength = 512 };


    public string Name => "codec-fuzz";
    public string Description => "decode mutated MessagePack inputs; any non-format exception fails [cases=100000] [seed=1]";

    public int Run(string[] args)
    {
        int cases = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
        var registry = new MessageRegistry(Limits);
        registry.Register(1, new PositionalRecordSerializer<ShardPush>());
        var envelopes = new EnvelopeCodec(registry);
        List<byte[]> seeds = Seeds(registry, envelopes);
        var random = new Random(seed);
        var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var crashes = new List<string>();
        double slowestMs = 0;
        long start = Stopwatch.GetTimestamp();

        for (int i = 0; i < cases; i++)
        {
            byte[] input = ByteMutator.Mutate(seeds[random.Next(seeds.Count)], random);
            long caseStart = Stopwatch.GetTimestamp();
            foreach ((string decoder, Action decode) in Decoders(input, registry, envelopes))
            {
                string outcome;
                try
                {
                    decode();
                    outcome = "accepted";
                }
                catch (MessagePackFormatException e)
                {
                    outcome = $"{e.GetType().Name}.{e.Reason}";
                }
                catch (Exception e)
                {
                    outcome = $"CRASH {e.GetType().Name}";
                    if (crashes.Count < 10)
                        crashes.Add($"{decoder}: {e.GetType().Name} on {Convert.ToHexString(input)}: {e.Message}");
                }
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            slowestMs = Math.Max(slowestMs, Stopwatch.GetElapsedTime(caseStart).TotalMilliseconds);
        }

        Console.WriteLine($"{cases} mutated inputs x 5 decoders from {seeds.Count} seeds (seed {seed}) in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s; slowest input {slowestMs:F2} ms");
        foreach ((string outcome, long count) in outcomes)
            Console.WriteLine($"  {outcome,-55}{count,10}");
        foreach (string crash in crashes)
            Console.Error.WriteLine(crash);
        return crashes.Count == 0 ? 0 : 1;
    }

    private static IEnumerable<(string, Action)> Decoders(byte[] input, MessageRegistry registry, EnvelopeCodec envelopes)
    {
        yield return ("objects", () =>
        {
            var reader = new MessagePackReader(input, Limits);
            while (!reader.End)
                MessagePackObjects.Read(ref reader);
        });
        yield return ("skip", () =>
        {
            var reader = new MessagePackReader(input, Limits);
            while (!reader.End)
                reader.Skip();
        });
        yield return ("registry", () => registry.Deserialize(input));
        yield return ("envelope", () => envelopes.Decode(input));
        yield return ("frames", () =>
        {
            var buffer = new ReadOnlySequence<byte>(input);
            var frames = new FrameCodec(1 << 16);
            while (frames.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
                envelopes.Decode(frame);
        });
    }

    /// <summary>Valid encodings of every MessagePack type, plus messages, envelopes and frames as the transport carries them.</summary>
    private static List<byte[]> Seeds(MessageRegistry registry, EnvelopeCodec envelopes)
    {
        var seeds = new List<byte[]>();
        void Add(Action<ArrayBufferWriter<byte>> write)
        {
            var output = new ArrayBufferWriter<byte>();
            write(output);
            seeds.Add(output.WrittenSpan.ToArray());
        }
        foreach (long n in new long[] { 0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, long.MaxValue, -1, -32, -33, -129, -32769, long.MinValue })
            Add(o => new MessagePackWriter(o).WriteInt64(n));
        foreach (int length in new[] { 0, 5, 31, 32, 300, 70000 })
        {
            Add(o => new MessagePackWriter(o).WriteString(new string('é', length / 2)));
            Add(o => new MessagePackWriter(o).WriteBinary(new byte[length]));
            Add(o => new MessagePackWriter(o).WriteExtension(7, new byte[length]));
            Add(o => new MessagePackWriter(o).WriteFloats(new float[length / 4]));
        }
        Add(o =>
        {
            var w = new MessagePackWriter(o);
            w.WriteArrayHeader(6);
            w.WriteNil();
            w.WriteBool(true);
            w.WriteSingle(1.5f);
            w.WriteDouble(-2.5);
            w.WriteTimestamp(new MessagePackTimestamp(1L << 35, 7));
            w.WriteMapHeader(17);
            for (int i = 0; i < 17; i++)
            {
                w.WriteInt32(i);
                w.WriteArrayHeader(1);
                w.WriteString("v");
            }
        });
        foreach (var push in new[] { new ShardPush(3, "w", [1f, 2f, 3f]), new ShardPush(-1, "", []) })
        {
            seeds.Add(registry.Serialize(push));
            byte[] envelope = envelopes.Encode(envelopes.Address("actortrain://s@h:1/user/ps/shard-0", null, push));
            seeds.Add(envelope);
            var framed = new ArrayBufferWriter<byte>();
            new FrameCodec(1 << 16).WriteFrame(framed, envelope);
            framed.Write(framed.WrittenSpan.ToArray()); // two frames back to back, as a stream delivers them
            seeds.Add(framed.WrittenSpan.ToArray());
        }
        return seeds;
    }

    private sealed record ShardPush(long Step, string Worker, float[] Gradient);
}

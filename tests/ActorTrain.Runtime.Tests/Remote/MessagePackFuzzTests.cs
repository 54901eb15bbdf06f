using ActorTrain.Testing;
using System.Buffers;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>
/// Seeded mutation fuzzing: valid encodings (the python corpus, envelopes, frames) are damaged at random and decoded every way the
/// runtime decodes bytes. The only exceptions allowed out are <see cref="MessagePackFormatException"/>s.
/// </summary>
public sealed class MessagePackFuzzTests
{
    private const int Cases = 4000;


    [Fact]
    public void Decode_MutatedEncodings_OnlyFormatExceptions()
    {
        MessageRegistry registry = TestRegistry.Create();
        var envelopes = new EnvelopeCodec(registry);
        List<byte[]> seeds = Seeds(registry, envelopes);
        var random = new Random(20261122);
        var crashes = new List<string>();
        var outcomes = new int[2];

        for (int i = 0; i < Cases; i++)
        {
            byte[] input = ByteMutator.Mutate(seeds[random.Next(seeds.Count)], random);
            foreach (Action decode in Decoders(input, registry, envelopes))
            {
                try
                {
                    decode();
                    outcomes[0]++;
                }
                catch (MessagePackFormatException)
                {
                    outcomes[1]++;
                }
                catch (Exception e)
                {
                    crashes.Add($"{e.GetType().Name} on {Convert.ToHexString(input)}: {e.Message}");
                }
            }
        }

        Assert.Empty(crashes);
        Assert.True(outcomes[0] > Cases / 2 && outcomes[1] > Cases / 2, $"accepted {outcomes[0]}, refused {outcomes[1]}: the mutations are not exercising both paths");
    }

    /// <summary>Every way the runtime turns bytes into values; each runs separately so one refusing early does not shield the next.</summary>
    private static IEnumerable<Action> Decoders(byte[] input, MessageRegistry registry, EnvelopeCodec envelopes)
    {
        yield return () =>
        {
            var reader = new MessagePackReader(input);
            while (!reader.End)
                MessagePackObjects.Read(ref reader);
        };
        yield return () =>
        {
            var reader = new MessagePackReader(input);
            while (!reader.End)
                reader.Skip();
        };
        yield return () => registry.Deserialize(input);
        yield return () => envelopes.Decode(input);
        yield return () =>
        {
            var buffer = new ReadOnlySequence<byte>(input);
            var frames = new FrameCodec(1 << 16);
            while (frames.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
                envelopes.Decode(frame);
        };
    }

    private static List<byte[]> Seeds(MessageRegistry registry, EnvelopeCodec envelopes)
    {
        var seeds = MsgPackCorpus.All.Where(c => c.Bytes.Length <= 2048).Select(c => c.Bytes).ToList();
        object[] messages = [new Greeting("hello"), new GradientChunk(42, 1, [1f, -2f, 3.5f]), new GradientChunk(-1, 0, [])];
        foreach (object message in messages)
        {
            seeds.Add(registry.Serialize(message));
            byte[] envelope = envelopes.Encode(envelopes.Address("actortrain://s@h:1/user/a", "actortrain://s@h:2/user/b", message));
            seeds.Add(envelope);
            var framed = new ArrayBufferWriter<byte>();
            new FrameCodec(1 << 16).WriteFrame(framed, envelope);
            seeds.Add(framed.WrittenSpan.ToArray());
        }
        return seeds;
    }
}

using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>A gradient-like message with a tensor, as training will send.</summary>
internal sealed record GradientChunk(long Step, int Incarnation, float[] Values)
{
    public bool SameAs(GradientChunk other) =>
        Step == other.Step && Incarnation == other.Incarnation && Values.AsSpan().SequenceEqual(other.Values);
}

internal sealed record Greeting(string Text);

internal sealed class GradientChunkSerializer : IMessageSerializer<GradientChunk>
{
    public void Write(ref MessagePackWriter writer, GradientChunk value)
    {
        writer.WriteArrayHeader(3);
        writer.WriteInt64(value.Step);
        writer.WriteInt32(value.Incarnation);
        writer.WriteFloats(value.Values);
    }

    public GradientChunk Read(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 3)
            throw new FormatException("GradientChunk is [step, incarnation, values]");
        return new GradientChunk(reader.ReadInt64(), reader.ReadInt32(), reader.ReadFloats());
    }
}

internal sealed class GreetingSerializer : IMessageSerializer<Greeting>
{
    public void Write(ref MessagePackWriter writer, Greeting value) => writer.WriteString(value.Text);

    public Greeting Read(ref MessagePackReader reader) => new(reader.ReadString());
}

internal static class TestRegistry
{
    public const int GradientChunkId = 17;
    public const int GreetingId = 3;

    public static MessageRegistry Create(MessagePackReaderOptions? options = null)
    {
        var registry = new MessageRegistry(options);
        registry.Register(GradientChunkId, new GradientChunkSerializer());
        registry.Register(GreetingId, new GreetingSerializer());
        return registry;
    }
}

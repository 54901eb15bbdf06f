using System.Buffers;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>Test shorthand: encode with one writer action, or get a reader over bytes.</summary>
internal static class MessagePackBytes
{
    public delegate void WriteAction(ref MessagePackWriter writer);

    public static byte[] Encode(WriteAction write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        return output.WrittenSpan.ToArray();
    }

    public static string Hex(WriteAction write) => Convert.ToHexString(Encode(write)).ToLowerInvariant();
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Bulk conversion between float spans and the wire's little-endian float32 bytes. On little-endian hosts this is one memory copy;
/// big-endian hosts byte-swap with the vectorised <see cref="BinaryPrimitives.ReverseEndianness(ReadOnlySpan{int}, Span{int})"/>.
/// The host order is a parameter so the swapping path is tested on every machine.
/// </summary>
internal static class LittleEndianFloats
{
    public static void Encode(ReadOnlySpan<float> source, Span<byte> destination, bool hostIsLittleEndian)
    {
        if (destination.Length != source.Length * sizeof(float))
            throw new ArgumentException("destination must hold exactly four bytes per float", nameof(destination));
        if (hostIsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }
        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(source), MemoryMarshal.Cast<byte, int>(destination));
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> destination, bool hostIsLittleEndian)
    {
        if (source.Length != destination.Length * sizeof(float))
            throw new ArgumentException("source must hold exactly four bytes per float", nameof(source));
        Span<byte> target = MemoryMarshal.AsBytes(destination);
        source.CopyTo(target);
        if (!hostIsLittleEndian)
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(destination), MemoryMarshal.Cast<float, int>(destination));
    }
}

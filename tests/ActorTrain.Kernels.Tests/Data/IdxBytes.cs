using System.IO.Compression;

namespace ActorTrain.Kernels.Tests.Data;

/// <summary>
/// Writes IDX files byte by byte from the published layout (LeCun's MNIST page): 0x00 0x00, a type byte, the rank,
/// big-endian int32 sizes, then the values. Written by hand so the reader is checked against the format, not itself.
/// </summary>
internal static class IdxBytes
{
    public const byte UnsignedByte = 0x08;

    public static byte[] Build(int[] dimensions, byte[] data, byte type = UnsignedByte)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (int d in dimensions) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(raw);
        return output.ToArray();
    }

    /// <summary>Values 0..count-1 wrapped to a byte, a pattern that makes misplaced or shifted bytes visible.</summary>
    public static byte[] Ramp(int count, int step = 1) => Enumerable.Range(0, count).Select(i => (byte)(i * step)).ToArray();
}

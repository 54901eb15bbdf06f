using System.Buffers.Binary;
using System.IO.Compression;

namespace ActorTrain.Kernels.Data;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed: a magic of two zero bytes, a type
/// byte (0x08 = unsigned byte, the only type those data sets use) and a dimension count, then big-endian int32 sizes
/// and the data. Every inconsistency is a <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class IdxReader
{
    private const int MaxDimensions = 4;

    /// <summary>The sizes and unsigned-byte payload of one IDX file.</summary>
    public sealed record IdxArray(int[] Dimensions, byte[] Data);

    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        byte[] bytes;
        try
        {
            bytes = IsGzip(path) ? Gunzip(path) : File.ReadAllBytes(path);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})");
        }
        return Parse(bytes, path);
    }

    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 4) throw new DataFormatException(name, $"truncated: {bytes.Length} bytes, an IDX header needs at least 4");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException(name, $"wrong magic number 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2}: not an IDX file");
        if (bytes[2] != 0x08) throw new DataFormatException(name, $"unsupported IDX element type 0x{bytes[2]:X2} (only unsigned byte, 0x08)");
        int rank = bytes[3];
        if (rank is < 1 or > MaxDimensions) throw new DataFormatException(name, $"unsupported IDX rank {rank} (1 to {MaxDimensions})");
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength) throw new DataFormatException(name, $"truncated header: {bytes.Length} bytes, {headerLength} needed for rank {rank}");
        var dims = new int[rank];
        Int128 expected = 1; // four int32 sizes multiply to below 2^124: a long would wrap and accept a bogus header
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(4 + 4 * i));
            if (dims[i] < 0) throw new DataFormatException(name, $"negative size {dims[i]} in dimension {i}");
            expected *= dims[i];
        }
        long actual = bytes.Length - headerLength;
        if (actual < expected)
            throw new DataFormatException(name, $"truncated: header declares {string.Join("×", dims)} = {expected} values, file holds {actual}");
        if (actual > expected)
            throw new DataFormatException(name, $"{actual - expected} trailing bytes after {string.Join("×", dims)} = {expected} values");
        return new IdxArray(dims, bytes.Slice(headerLength).ToArray());
    }

    /// <summary>Images (N×H×W) and labels (N) as a classification data set, pixels scaled to [0, 1].</summary>
    public static Dataset ReadImagesAndLabels(string imagesPath, string labelsPath, string name, int classes = 10)
    {
        var images = Read(imagesPath);
        var labels = Read(labelsPath);
        if (images.Dimensions.Length != 3) throw new DataFormatException(imagesPath, $"expected images of rank 3 (count×height×width), got rank {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1) throw new DataFormatException(labelsPath, $"expected labels of rank 1, got rank {labels.Dimensions.Length}");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new DataFormatException(labelsPath, $"{labels.Dimensions[0]} labels for {images.Dimensions[0]} images in {imagesPath}");
        int count = images.Dimensions[0], height = images.Dimensions[1], width = images.Dimensions[2];
        if (height == 0 || width == 0) throw new DataFormatException(imagesPath, $"images of {height}×{width} pixels hold no features");
        var features = new float[images.Data.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Data[i] * (1f / 255f);
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            byte label = labels.Data[i];
            if (label >= classes) throw new DataFormatException(labelsPath, $"label {label} at index {i} is not below the class count {classes}");
            targets[i] = label;
        }
        return new Dataset(name, features, targets, height * width, 1, classes, new ImageShape(1, height, width));
    }

    private static bool IsGzip(string path)
    {
        using var f = File.OpenRead(path);
        return f.ReadByte() == 0x1f && f.ReadByte() == 0x8b;
    }

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

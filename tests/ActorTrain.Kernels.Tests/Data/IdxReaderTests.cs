using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteIdx(string name, byte[] raw, bool gzip) => _dir.Write(name, gzip ? IdxBytes.Gzip(raw) : raw);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_WrittenFile_ReturnsDimensionsAndBytesAsWritten(bool gzip)
    {
        byte[] data = IdxBytes.Ramp(3 * 4 * 5, step: 7);
        string path = WriteIdx("a.idx", IdxBytes.Build([3, 4, 5], data), gzip);

        var array = IdxReader.Read(path);

        Assert.Equal([3, 4, 5], array.Dimensions);
        Assert.Equal(data, array.Data);
    }

    [Fact]
    public void Read_SizesAboveOneByte_DecodedBigEndian()
    {
        // 258 = 0x00000102: a little-endian reader would see 0x02010000.
        byte[] data = IdxBytes.Ramp(258);
        string path = WriteIdx("big.idx", IdxBytes.Build([258], data), gzip: false);

        Assert.Equal([258], IdxReader.Read(path).Dimensions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImagesAndLabels_WrittenFiles_PixelsScaledTo01AndLabelsKept(bool gzip)
    {
        byte[] pixels = [0, 255, 51, 102, 1, 2, 3, 4, 10, 20, 30, 40];
        byte[] labels = [9, 0, 4];
        string images = WriteIdx("img", IdxBytes.Build([3, 2, 2], pixels), gzip);
        string labelFile = WriteIdx("lbl", IdxBytes.Build([3], labels), gzip);

        var data = IdxReader.ReadImagesAndLabels(images, labelFile, "small");

        Assert.Equal(3, data.Count);
        Assert.Equal(4, data.Width);
        Assert.Equal(new ImageShape(1, 2, 2), data.Image);
        Assert.Equal(10, data.Classes);
        Assert.Equal([9f, 0f, 4f], data.Targets);
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i] / 255.0, data.Features[i], 1e-6);
    }

    [Fact]
    public void Read_WrongMagic_ThrowsNamingFileAndMagic()
    {
        byte[] raw = IdxBytes.Build([2], [1, 2]);
        raw[1] = 0x01;

        AssertFormatError(_dir.Write("magic.idx", raw), "magic");
    }

    [Theory]
    [InlineData(0x09)] // signed byte
    [InlineData(0x0D)] // float
    [InlineData(0x00)]
    public void Read_UnsupportedType_ThrowsNamingFileAndType(byte type)
    {
        AssertFormatError(_dir.Write("type.idx", IdxBytes.Build([2], [1, 2], type)), "element type");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(255)]
    public void Read_RankOutsideOneToFour_ThrowsNamingFileAndRank(int rank)
    {
        byte[] raw = [0, 0, 0x08, (byte)rank, .. new byte[4 * 8]];

        AssertFormatError(_dir.Write("rank.idx", raw), "rank");
    }

    [Theory]
    [InlineData(3)]  // not even the 4-byte prefix
    [InlineData(11)] // rank 3 declares 12 bytes of sizes, 7 present
    public void Read_TruncatedHeader_ThrowsNamingFile(int length)
    {
        byte[] raw = IdxBytes.Build([1, 2, 2], [1, 2, 3, 4])[..length];

        AssertFormatError(_dir.Write("header.idx", raw), "truncated");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_TruncatedData_ThrowsNamingFileAndCounts(bool gzip)
    {
        byte[] raw = IdxBytes.Build([2, 3], IdxBytes.Ramp(5));

        var e = AssertFormatError(WriteIdx("short.idx", raw, gzip), "truncated");
        Assert.Contains("6", e.Problem);
        Assert.Contains("5", e.Problem);
    }

    [Fact]
    public void Read_TrailingBytes_ThrowsNamingFileAndExcess()
    {
        byte[] raw = IdxBytes.Build([2, 3], IdxBytes.Ramp(9));

        var e = AssertFormatError(_dir.Write("long.idx", raw), "trailing");
        Assert.StartsWith("3 ", e.Problem);
    }

    [Fact]
    public void Read_NegativeSize_ThrowsNamingDimension()
    {
        byte[] raw = IdxBytes.Build([2, -1], []);

        AssertFormatError(_dir.Write("negative.idx", raw), "negative size -1 in dimension 1");
    }

    [Fact]
    public void Read_SizesWhoseProductOverflows_ThrowsTruncatedInsteadOfWrapping()
    {
        // 65536^4 = 2^64 wraps to 0 in 64-bit arithmetic, which would accept an empty payload for a huge array.
        byte[] raw = IdxBytes.Build([65536, 65536, 65536, 65536], []);

        AssertFormatError(_dir.Write("overflow.idx", raw), "truncated");
    }

    [Fact]
    public void Read_GarbageAfterGzipMagic_ThrowsCorruptGzip()
    {
        byte[] raw = [0x1f, 0x8b, 0x08, 0x00, .. IdxBytes.Ramp(64, step: 37)];

        AssertFormatError(_dir.Write("corrupt.gz", raw), "gzip");
    }

    [Fact]
    public void Read_GzipCutInHalf_ThrowsNamingFile()
    {
        byte[] gz = IdxBytes.Gzip(IdxBytes.Build([64, 64], IdxBytes.Ramp(4096, step: 13)));
        string path = _dir.Write("cut.gz", gz[..(gz.Length / 2)]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.True(e.Problem.Contains("gzip") || e.Problem.Contains("truncated"), e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNotFound()
    {
        AssertFormatError(Path.Combine(_dir.Path, "absent.idx"), "not found");
    }

    [Fact]
    public void ReadImagesAndLabels_CountMismatch_ThrowsNamingBothFilesAndCounts()
    {
        string images = _dir.Write("img", IdxBytes.Build([3, 2, 2], IdxBytes.Ramp(12)));
        string labels = _dir.Write("lbl", IdxBytes.Build([2], [1, 2]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImagesAndLabels(images, labels, "x"));
        Assert.Contains(labels, e.Message);
        Assert.Contains(images, e.Message);
        Assert.Contains("2 labels for 3 images", e.Message);
    }

    [Fact]
    public void ReadImagesAndLabels_LabelNotBelowClassCount_ThrowsNamingLabelFileIndexAndValue()
    {
        string images = _dir.Write("img", IdxBytes.Build([3, 1, 2], IdxBytes.Ramp(6)));
        string labels = _dir.Write("lbl", IdxBytes.Build([3], [1, 2, 10]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImagesAndLabels(images, labels, "x", classes: 10));
        Assert.Equal(labels, e.File);
        Assert.Contains("label 10 at index 2", e.Problem);
    }

    [Fact]
    public void ReadImagesAndLabels_ImagesNotRankThree_ThrowsNamingImageFile()
    {
        string images = _dir.Write("img", IdxBytes.Build([3, 4], IdxBytes.Ramp(12)));
        string labels = _dir.Write("lbl", IdxBytes.Build([3], [1, 2, 3]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImagesAndLabels(images, labels, "x"));
        Assert.Equal(images, e.File);
        Assert.Contains("rank 3", e.Problem);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4, 0)]
    public void ReadImagesAndLabels_EmptyImageSide_ThrowsNamingImageFile(int height, int width)
    {
        string images = _dir.Write("img", IdxBytes.Build([3, height, width], []));
        string labels = _dir.Write("lbl", IdxBytes.Build([3], [1, 2, 3]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImagesAndLabels(images, labels, "x"));
        Assert.Equal(images, e.File);
        Assert.Contains($"{height}×{width} pixels", e.Problem);
    }

    private static DataFormatException AssertFormatError(string path, string problem)
    {
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Problem);
        return e;
    }
}

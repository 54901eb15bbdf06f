using ActorTrain.Runtime.Remote.Serialization;
using static ActorTrain.Runtime.Tests.Remote.MessagePackBytes;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>Smallest-encoding choices at every boundary, against bytes worked out by hand from the MessagePack spec.</summary>
public sealed class MessagePackWriterTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(255L, "ccff")]
    [InlineData(256L, "cd0100")]
    [InlineData(65535L, "cdffff")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(4294967296L, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void WriteInt64_Boundary_UsesSmallestEncoding(long value, string hex) =>
        Assert.Equal(hex, Hex((ref MessagePackWriter w) => w.WriteInt64(value)));

    [Fact]
    public void WriteUInt64_MaxValue_UsesUInt64() =>
        Assert.Equal("cfffffffffffffffff", Hex((ref MessagePackWriter w) => w.WriteUInt64(ulong.MaxValue)));

    [Fact]
    public void WriteNilAndBool_Always_SingleByteCodes() =>
        Assert.Equal("c0c3c2", Hex((ref MessagePackWriter w) =>
        {
            w.WriteNil();
            w.WriteBool(true);
            w.WriteBool(false);
        }));

    [Fact]
    public void WriteSingleAndDouble_One_BigEndianIeee() =>
        Assert.Equal("ca3f800000cb3ff0000000000000", Hex((ref MessagePackWriter w) =>
        {
            w.WriteSingle(1f);
            w.WriteDouble(1d);
        }));

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void WriteString_LengthBoundary_UsesSmallestHeader(int length, string headerHex)
    {
        string hex = Hex((ref MessagePackWriter w) => w.WriteString(new string('z', length)));

        Assert.StartsWith(headerHex, hex);
        Assert.Equal(headerHex.Length + 2 * length, hex.Length);
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void WriteBinary_LengthBoundary_UsesSmallestHeader(int length, string headerHex)
    {
        string hex = Hex((ref MessagePackWriter w) => w.WriteBinary(new byte[length]));

        Assert.StartsWith(headerHex, hex);
        Assert.Equal(headerHex.Length + 2 * length, hex.Length);
    }

    [Theory]
    [InlineData(0u, "90", "80")]
    [InlineData(15u, "9f", "8f")]
    [InlineData(16u, "dc0010", "de0010")]
    [InlineData(65535u, "dcffff", "deffff")]
    [InlineData(65536u, "dd00010000", "df00010000")]
    [InlineData(uint.MaxValue, "ddffffffff", "dfffffffff")]
    public void WriteCollectionHeader_CountBoundary_UsesSmallestHeader(uint count, string arrayHex, string mapHex)
    {
        Assert.Equal(arrayHex, Hex((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(mapHex, Hex((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Theory]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(0, "c70005")]
    [InlineData(3, "c70305")]
    [InlineData(255, "c7ff05")]
    [InlineData(256, "c8010005")]
    [InlineData(65536, "c90001000005")]
    public void WriteExtensionHeader_Length_UsesFixExtOrSmallestExt(int length, string hex) =>
        Assert.Equal(hex, Hex((ref MessagePackWriter w) => w.WriteExtensionHeader(5, length)));

    [Fact]
    public void WriteExtensionHeader_NegativeTypeCode_WritesTwosComplement() =>
        Assert.Equal("d4ff", Hex((ref MessagePackWriter w) => w.WriteExtensionHeader(-1, 1)));

    [Theory]
    [InlineData(0L, 0u, "d6ff00000000")]
    [InlineData(4294967295L, 0u, "d6ffffffffff")]
    [InlineData(4294967296L, 0u, "d7ff0000000100000000")]
    [InlineData(0L, 1u, "d7ff0000000400000000")]
    [InlineData(17179869184L, 0u, "c70cff000000000000000400000000")]
    [InlineData(-1L, 5u, "c70cff00000005ffffffffffffffff")]
    public void WriteTimestamp_Value_UsesSmallestTimestampForm(long seconds, uint nanoseconds, string hex) =>
        Assert.Equal(hex, Hex((ref MessagePackWriter w) => w.WriteTimestamp(new MessagePackTimestamp(seconds, nanoseconds))));

    [Fact]
    public void WriteString_NonAscii_CountsUtf8Bytes() =>
        Assert.Equal("a3e697a5", Hex((ref MessagePackWriter w) => w.WriteString("日")));
}

using ActorTrain.Runtime.Remote.Serialization;
using static ActorTrain.Runtime.Tests.Remote.MessagePackBytes;

namespace ActorTrain.Runtime.Tests.Remote;

public sealed class MessagePackRoundTripTests
{
    public static IEnumerable<object[]> SignedBoundaries() =>
        new long[]
        {
            0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, int.MaxValue, 2147483648L, uint.MaxValue, 4294967296L, long.MaxValue,
            -1, -31, -32, -33, -127, -128, -129, -32767, -32768, -32769, int.MinValue + 1L, int.MinValue, int.MinValue - 1L, long.MinValue + 1, long.MinValue,
        }.Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(SignedBoundaries))]
    public void ReadInt64_WrittenBoundary_ReturnsSameValue(long value)
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteInt64(value)));

        Assert.Equal(MessagePackType.Integer, reader.PeekType());
        Assert.Equal(value, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(4294967295UL)]
    [InlineData(9223372036854775807UL)]
    [InlineData(9223372036854775808UL)]
    [InlineData(ulong.MaxValue)]
    public void ReadUInt64_WrittenBoundary_ReturnsSameValue(ulong value)
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteUInt64(value)));

        Assert.Equal(value, reader.ReadUInt64());
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(-129)]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void ReadInt32_WrittenInt32_ReturnsSameValue(int value)
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteInt32(value)));

        Assert.Equal(value, reader.ReadInt32());
    }

    [Theory]
    [InlineData(0x00000000u)]
    [InlineData(0x80000000u)]
    [InlineData(0x3fc00000u)]
    [InlineData(0x7f7fffffu)]
    [InlineData(0x00000001u)]
    [InlineData(0xff800000u)]
    [InlineData(0x7fc00001u)]
    public void ReadSingle_WrittenSingle_SameBits(uint bits)
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteSingle(BitConverter.UInt32BitsToSingle(bits))));

        Assert.Equal(bits, BitConverter.SingleToUInt32Bits(reader.ReadSingle()));
    }

    [Theory]
    [InlineData(0x0000000000000000UL)]
    [InlineData(0x8000000000000000UL)]
    [InlineData(0x400921fb54442d18UL)]
    [InlineData(0x7fefffffffffffffUL)]
    [InlineData(0x0000000000000001UL)]
    [InlineData(0x7ff8000000000001UL)]
    public void ReadDouble_WrittenDouble_SameBits(ulong bits)
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteDouble(BitConverter.UInt64BitsToDouble(bits))));

        Assert.Equal(bits, BitConverter.DoubleToUInt64Bits(reader.ReadDouble()));
    }

    [Fact]
    public void ReadDouble_Float32OnWire_WidensExactly()
    {
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteSingle(0.1f)));

        Assert.Equal((double)0.1f, reader.ReadDouble());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void ReadStringAndBinary_WrittenLength_SameContent(int length)
    {
        string text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) =>
        {
            w.WriteString(text);
            w.WriteBinary(data);
        }));

        Assert.Equal(MessagePackType.String, reader.PeekType());
        Assert.Equal(text, reader.ReadString());
        Assert.Equal(MessagePackType.Binary, reader.PeekType());
        Assert.Equal(data, reader.ReadBinary().ToArray());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void ReadCollectionHeaders_WrittenCount_SameCountAndItems(int count)
    {
        byte[] bytes = Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(count);
            for (int i = 0; i < count; i++)
                w.WriteInt32(i);
            w.WriteMapHeader(count);
            for (int i = 0; i < count; i++)
            {
                w.WriteInt32(-i);
                w.WriteBool(i % 2 == 0);
            }
        });
        var reader = new MessagePackReader(bytes);

        Assert.Equal(count, reader.ReadArrayHeader());
        for (int i = 0; i < count; i++)
            Assert.Equal(i, reader.ReadInt32());
        Assert.Equal(count, reader.ReadMapHeader());
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(-i, reader.ReadInt32());
            Assert.Equal(i % 2 == 0, reader.ReadBool());
        }
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(256)]
    [InlineData(65536)]
    public void ReadExtension_WrittenLength_SameTypeAndPayload(int length)
    {
        byte[] payload = Enumerable.Range(0, length).Select(i => (byte)(i + 1)).ToArray();
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteExtension(-7, payload)));

        Assert.Equal(MessagePackType.Extension, reader.PeekType());
        Assert.Equal(payload, reader.ReadExtension(out sbyte typeCode).ToArray());
        Assert.Equal(-7, typeCode);
    }

    [Theory]
    [InlineData(0L, 0u)]
    [InlineData(4294967295L, 0u)]
    [InlineData(1L, 999_999_999u)]
    [InlineData(17179869183L, 1u)]
    [InlineData(17179869184L, 0u)]
    [InlineData(-62135596800L, 0u)]
    [InlineData(long.MinValue, 999_999_999u)]
    public void ReadTimestamp_WrittenTimestamp_SameInstant(long seconds, uint nanoseconds)
    {
        var value = new MessagePackTimestamp(seconds, nanoseconds);
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteTimestamp(value)));

        Assert.Equal(value, reader.ReadTimestamp());
    }

    [Fact]
    public void TimestampFromDateTimeOffset_BeforeEpoch_NormalisesNanoseconds()
    {
        var time = new DateTimeOffset(1969, 12, 31, 23, 59, 59, 500, TimeSpan.Zero);

        var stamp = MessagePackTimestamp.FromDateTimeOffset(time);

        Assert.Equal((-1L, 500_000_000u), (stamp.Seconds, stamp.Nanoseconds));
        Assert.Equal(time, stamp.ToDateTimeOffset());
    }

    [Fact]
    public void TryReadNil_NilThenInteger_TrueThenFalseWithoutConsuming()
    {
        var reader = new MessagePackReader([0xc0, 0x05]);

        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.Equal(1, reader.Position);
        Assert.Equal(5, reader.ReadInt32());
    }

    [Fact]
    public void ReadBinary_Always_SlicesInputWithoutCopy()
    {
        byte[] bytes = [0xc4, 0x02, 0x10, 0x20];
        var reader = new MessagePackReader(bytes);

        ReadOnlySpan<byte> payload = reader.ReadBinary();

        Assert.True(payload.Overlaps(bytes));
    }
}

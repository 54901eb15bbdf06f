using System.Buffers.Binary;
using ActorTrain.Runtime.Remote.Serialization;
using static ActorTrain.Runtime.Tests.Remote.MessagePackBytes;

namespace ActorTrain.Runtime.Tests.Remote;

public sealed class FloatTensorTests
{
    private static float[] Sample(int count) => Enumerable.Range(0, count).Select(i => (i - 7) * 0.37f).Append(float.NaN).ToArray();

    /// <summary>The wire form written one float at a time with BinaryPrimitives, independently of the bulk path.</summary>
    private static byte[] LittleEndianBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    [Fact]
    public void WriteFloats_Values_BinOfLittleEndianFloat32()
    {
        float[] values = Sample(100);

        byte[] encoded = Encode((ref MessagePackWriter w) => w.WriteFloats(values));

        Assert.Equal(new byte[] { 0xc5, 0x01, 0x94 }, encoded[..3]);
        Assert.Equal(LittleEndianBytes(values), encoded[3..]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encode_EitherHostOrder_ProducesLittleEndianWireBytes(bool hostIsLittleEndian)
    {
        float[] values = Sample(37);
        float[] host = hostIsLittleEndian ? values : values.Select(ByteSwapped).ToArray();
        var wire = new byte[values.Length * 4];

        LittleEndianFloats.Encode(host, wire, hostIsLittleEndian);

        Assert.Equal(LittleEndianBytes(values), wire);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decode_EitherHostOrder_RestoresHostFloats(bool hostIsLittleEndian)
    {
        float[] values = Sample(37);
        var decoded = new float[values.Length];

        LittleEndianFloats.Decode(LittleEndianBytes(values), decoded, hostIsLittleEndian);

        float[] expected = hostIsLittleEndian ? values : values.Select(ByteSwapped).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToUInt32Bits), decoded.Select(BitConverter.SingleToUInt32Bits));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(16384)]
    public void ReadFloats_WrittenTensor_SameBits(int count)
    {
        float[] values = Sample(count);
        var reader = new MessagePackReader(Encode((ref MessagePackWriter w) => w.WriteFloats(values)));

        Assert.Equal(values.Length, reader.ReadFloatsLength());
        Assert.Equal(0, reader.Position);
        var destination = new float[reader.ReadFloatsLength()];
        reader.ReadFloats(destination);

        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), destination.Select(BitConverter.SingleToUInt32Bits));
        Assert.True(reader.End);
    }

    [Fact]
    public void ReadFloats_LengthNotMultipleOfFour_ThrowsInvalidTensorLength()
    {
        var exception = Assert.Throws<MessagePackFormatException>(() =>
        {
            var reader = new MessagePackReader([0xc4, 0x03, 1, 2, 3]);
            reader.ReadFloats();
        });

        Assert.Equal(MessagePackErrorReason.InvalidTensorLength, exception.Reason);
    }

    [Fact]
    public void ReadFloats_DestinationOfOtherLength_ThrowsInvalidTensorLength()
    {
        byte[] bytes = Encode((ref MessagePackWriter w) => w.WriteFloats([1f, 2f]));

        var exception = Assert.Throws<MessagePackFormatException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            reader.ReadFloats(new float[3]);
        });

        Assert.Equal(MessagePackErrorReason.InvalidTensorLength, exception.Reason);
    }

    private static float ByteSwapped(float value) =>
        BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(value)));
}

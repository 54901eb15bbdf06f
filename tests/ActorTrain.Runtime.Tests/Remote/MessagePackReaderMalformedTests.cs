using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>Each class of bad input yields its own <see cref="MessagePackErrorReason"/>, and never a crash, hang or huge allocation.</summary>
public sealed class MessagePackReaderMalformedTests
{
    private delegate void ReadAction(ref MessagePackReader reader);

    private static MessagePackFormatException Fails(byte[] bytes, ReadAction read, MessagePackReaderOptions? options = null)
    {
        try
        {
            var reader = new MessagePackReader(bytes, options);
            read(ref reader);
        }
        catch (MessagePackFormatException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException($"no MessagePackFormatException for {Convert.ToHexString(bytes)}");
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Theory]
    [InlineData("")]
    [InlineData("cc")]
    [InlineData("cd01")]
    [InlineData("cf00000000000000")]
    [InlineData("d3ff")]
    [InlineData("ca0000")]
    [InlineData("cb00000000")]
    [InlineData("d9")]
    [InlineData("da00")]
    [InlineData("c6000000")]
    [InlineData("dd0000")]
    [InlineData("df00")]
    [InlineData("d4")]
    [InlineData("c7")]
    [InlineData("92c0")]
    [InlineData("82c0c0c0")]
    public void Skip_TruncatedInput_ThrowsTruncatedOrLengthExceedsInput(string hex)
    {
        var e = Fails(Hex(hex), (ref MessagePackReader r) => r.Skip());

        Assert.Contains(e.Reason, new[] { MessagePackErrorReason.Truncated, MessagePackErrorReason.LengthExceedsInput });
    }

    [Theory]
    [InlineData("dbffffffff6162")]
    [InlineData("c6ffffffff0102")]
    [InlineData("ddffffffffc0c0")]
    [InlineData("dfffffffffc0c0")]
    [InlineData("c9ffffffff0501")]
    [InlineData("a5616263")]
    [InlineData("c40501")]
    [InlineData("9fc0")]
    [InlineData("8fc0c0")]
    [InlineData("d805000102")]
    public void Skip_LengthBeyondInput_ThrowsLengthExceedsInput(string hex) =>
        Assert.Equal(MessagePackErrorReason.LengthExceedsInput, Fails(Hex(hex), (ref MessagePackReader r) => r.Skip()).Reason);

    [Fact]
    public void ReadObjects_HugeDeclaredCount_ThrowsBeforeAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Fails(Hex("ddfffffff0c0c0c0"), (ref MessagePackReader r) => MessagePackObjects.Read(ref r));

        Assert.Equal(MessagePackErrorReason.LengthExceedsInput, e.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Reads_LengthsAboveConfiguredLimits_ThrowLengthExceedsLimit()
    {
        var options = new MessagePackReaderOptions { MaxStringBytes = 3, MaxBinBytes = 2, MaxCollectionLength = 2 };

        Assert.Equal(MessagePackErrorReason.LengthExceedsLimit, Fails(Hex("a461626364"), (ref MessagePackReader r) => r.ReadString(), options).Reason);
        Assert.Equal(MessagePackErrorReason.LengthExceedsLimit, Fails(Hex("c403010203"), (ref MessagePackReader r) => r.ReadBinary(), options).Reason);
        Assert.Equal(MessagePackErrorReason.LengthExceedsLimit, Fails(Hex("93010203"), (ref MessagePackReader r) => r.ReadArrayHeader(), options).Reason);
        Assert.Equal(MessagePackErrorReason.LengthExceedsLimit, Fails(Hex("83010101020103"), (ref MessagePackReader r) => r.ReadMapHeader(), options).Reason);
        Assert.Equal(MessagePackErrorReason.LengthExceedsLimit, Fails(Hex("d60501020304"), (ref MessagePackReader r) => r.Skip(), options).Reason);
    }

    [Fact]
    public void Reads_LengthsAtConfiguredLimits_Succeed()
    {
        var options = new MessagePackReaderOptions { MaxStringBytes = 3, MaxBinBytes = 2, MaxCollectionLength = 2 };
        var reader = new MessagePackReader(Hex("a3616263c402010292010281c0c0"), options);

        Assert.Equal("abc", reader.ReadString());
        Assert.Equal(2, reader.ReadBinary().Length);
        reader.Skip();
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void TypedReads_WrongType_ThrowUnexpectedTypeAndKeepPosition()
    {
        byte[] text = Hex("a161");
        ReadAction[] reads =
        [
            (ref MessagePackReader r) => r.ReadInt64(),
            (ref MessagePackReader r) => r.ReadUInt64(),
            (ref MessagePackReader r) => r.ReadInt32(),
            (ref MessagePackReader r) => r.ReadNil(),
            (ref MessagePackReader r) => r.ReadBool(),
            (ref MessagePackReader r) => r.ReadSingle(),
            (ref MessagePackReader r) => r.ReadDouble(),
            (ref MessagePackReader r) => r.ReadBinary(),
            (ref MessagePackReader r) => r.ReadFloatsLength(),
            (ref MessagePackReader r) => r.ReadArrayHeader(),
            (ref MessagePackReader r) => r.ReadMapHeader(),
            (ref MessagePackReader r) => r.ReadExtensionHeader(),
            (ref MessagePackReader r) => r.ReadTimestamp(),
        ];
        foreach (ReadAction read in reads)
        {
            var reader = new MessagePackReader(text);
            MessagePackErrorReason? reason = null;
            try
            {
                read(ref reader);
            }
            catch (MessagePackFormatException e)
            {
                reason = e.Reason;
            }
            Assert.Equal(MessagePackErrorReason.UnexpectedType, reason);
            Assert.Equal(0, reader.Position);
            Assert.Equal("a", reader.ReadString());
        }
    }

    [Fact]
    public void ReadSingle_Float64OnWire_ThrowsUnexpectedType() =>
        Assert.Equal(MessagePackErrorReason.UnexpectedType, Fails(Hex("cb3ff0000000000000"), (ref MessagePackReader r) => r.ReadSingle()).Reason);

    [Fact]
    public void ReadTimestamp_OtherExtensionType_ThrowsUnexpectedType() =>
        Assert.Equal(MessagePackErrorReason.UnexpectedType, Fails(Hex("d60500000000"), (ref MessagePackReader r) => r.ReadTimestamp()).Reason);

    [Theory]
    [InlineData("c1")]
    [InlineData("92c0c1")]
    [InlineData("81c1c0")]
    public void Skip_ReservedByteC1_ThrowsReservedCode(string hex) =>
        Assert.Equal(MessagePackErrorReason.ReservedCode, Fails(Hex(hex), (ref MessagePackReader r) => r.Skip()).Reason);

    [Fact]
    public void TypedReads_ReservedByteC1_ThrowReservedCode()
    {
        Assert.Equal(MessagePackErrorReason.ReservedCode, Fails([0xc1], (ref MessagePackReader r) => r.PeekType()).Reason);
        Assert.Equal(MessagePackErrorReason.ReservedCode, Fails([0xc1], (ref MessagePackReader r) => r.ReadInt64()).Reason);
        Assert.Equal(MessagePackErrorReason.ReservedCode, Fails([0xc1], (ref MessagePackReader r) => r.ReadString()).Reason);
    }

    [Theory]
    [InlineData(0x91)]
    [InlineData(0x81)]
    public void SkipAndReadObjects_NestingAtMaxDepth_Succeed(byte container)
    {
        byte[] bytes = Nested(container, 64);

        var skipper = new MessagePackReader(bytes);
        skipper.Skip();
        var objects = new MessagePackReader(bytes);
        MessagePackObjects.Read(ref objects);

        Assert.True(skipper.End && objects.End);
    }

    [Theory]
    [InlineData(0x91, 65)]
    [InlineData(0x81, 65)]
    [InlineData(0x91, 1_000_000)]
    public void SkipAndReadObjects_NestingBeyondMaxDepth_ThrowDepthExceeded(byte container, int depth)
    {
        byte[] bytes = Nested(container, depth);

        Assert.Equal(MessagePackErrorReason.DepthExceeded, Fails(bytes, (ref MessagePackReader r) => r.Skip()).Reason);
        Assert.Equal(MessagePackErrorReason.DepthExceeded, Fails(bytes, (ref MessagePackReader r) => MessagePackObjects.Read(ref r)).Reason);
    }

    [Fact]
    public void Skip_CustomMaxDepth_Honoured()
    {
        var options = new MessagePackReaderOptions { MaxDepth = 2 };

        Assert.Equal(MessagePackErrorReason.DepthExceeded, Fails(Nested(0x91, 3), (ref MessagePackReader r) => r.Skip(), options).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackReaderOptions { MaxDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackReaderOptions { MaxDepth = MessagePackReaderOptions.DepthCeiling + 1 });
    }

    [Theory]
    [InlineData("ce80000000", "int")]
    [InlineData("d2ffffffff", "uint")]
    [InlineData("cfffffffffffffffff", "long")]
    [InlineData("d3ffffffffffffffff", "ulong")]
    [InlineData("d3ffffffff7fffffff", "int")]
    public void ReadInteger_ValueOutsideTarget_ThrowsIntegerOverflow(string hex, string target)
    {
        ReadAction read = target switch
        {
            "int" => (ref MessagePackReader r) => r.ReadInt32(),
            "long" => (ref MessagePackReader r) => r.ReadInt64(),
            _ => (ref MessagePackReader r) => r.ReadUInt64(),
        };

        Assert.Equal(MessagePackErrorReason.IntegerOverflow, Fails(Hex(hex), read).Reason);
    }

    [Theory]
    [InlineData("a1ff")]
    [InlineData("a2c328")]
    [InlineData("a3eda080")]
    public void ReadString_InvalidUtf8_ThrowsInvalidUtf8(string hex) =>
        Assert.Equal(MessagePackErrorReason.InvalidUtf8, Fails(Hex(hex), (ref MessagePackReader r) => r.ReadString()).Reason);

    [Theory]
    [InlineData("d5ff0000")]
    [InlineData("c703ff000000")]
    [InlineData("d7ffee6b280000000000")]
    [InlineData("c70cff3b9aca000000000000000000")]
    public void ReadTimestamp_BadLengthOrNanoseconds_ThrowsInvalidTimestamp(string hex) =>
        Assert.Equal(MessagePackErrorReason.InvalidTimestamp, Fails(Hex(hex), (ref MessagePackReader r) => r.ReadTimestamp()).Reason);

    private static byte[] Nested(byte container, int depth)
    {
        // Each map level is {nil: inner}; the innermost container holds nil (and nil for a map's value).
        var bytes = new List<byte>();
        for (int i = 0; i < depth; i++)
        {
            bytes.Add(container);
            if (container == 0x81)
                bytes.Add(0xc0);
        }
        bytes.Add(0xc0);
        return bytes.ToArray();
    }
}

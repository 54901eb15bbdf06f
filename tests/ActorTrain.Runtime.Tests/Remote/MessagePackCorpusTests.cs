using System.Buffers;
using System.Text.Json;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Tests.Remote;

/// <summary>Byte-for-byte agreement with Debian's python3-msgpack (Packer(use_bin_type=True)), both ways.</summary>
public sealed class MessagePackCorpusTests
{
    [Fact]
    public void Corpus_Header_NamesGeneratorAndMsgpackVersion()
    {
        Assert.StartsWith("# generator tools/gen_msgpack_fixtures.py; python-msgpack ", MsgPackCorpus.Header);
        Assert.True(MsgPackCorpus.All.Count >= 100);
    }

    [Theory]
    [MemberData(nameof(MsgPackCorpus.Indices), MemberType = typeof(MsgPackCorpus))]
    public void Write_CorpusValue_MatchesPythonBytes(int index)
    {
        (string notation, byte[] python) = MsgPackCorpus.All[index];
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        using var json = JsonDocument.Parse(notation);

        MsgPackCorpus.Write(ref writer, json.RootElement);

        Assert.True(python.AsSpan().SequenceEqual(output.WrittenSpan), $"{notation}: python {Convert.ToHexString(python)[..Math.Min(80, python.Length * 2)]}, ours {Convert.ToHexString(output.WrittenSpan)[..Math.Min(80, output.WrittenCount * 2)]}");
    }

    [Theory]
    [MemberData(nameof(MsgPackCorpus.Indices), MemberType = typeof(MsgPackCorpus))]
    public void Read_PythonBytes_YieldsCorpusValue(int index)
    {
        (string notation, byte[] python) = MsgPackCorpus.All[index];
        using var json = JsonDocument.Parse(notation);
        var reader = new MessagePackReader(python);

        object? value = MessagePackObjects.Read(ref reader);

        MsgPackCorpus.AssertSame(MsgPackCorpus.Expected(json.RootElement), value);
        Assert.True(reader.End);
    }

    [Fact]
    public void ReadFloats_PythonTensors_SameBits()
    {
        int tensors = 0;
        foreach ((string notation, byte[] python) in MsgPackCorpus.All.Where(c => c.Notation.StartsWith("[\"f32s\"")))
        {
            using var json = JsonDocument.Parse(notation);
            var reader = new MessagePackReader(python);

            float[] values = reader.ReadFloats();

            Assert.Equal(MsgPackCorpus.Floats(json.RootElement).Select(BitConverter.SingleToUInt32Bits), values.Select(BitConverter.SingleToUInt32Bits));
            tensors++;
        }
        Assert.True(tensors >= 4);
    }

    [Theory]
    [MemberData(nameof(MsgPackCorpus.Indices), MemberType = typeof(MsgPackCorpus))]
    public void Skip_PythonBytes_ConsumesWholeValue(int index)
    {
        var reader = new MessagePackReader(MsgPackCorpus.All[index].Bytes);

        reader.Skip();

        Assert.True(reader.End);
    }
}

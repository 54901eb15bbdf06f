using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// Everything needed to continue a run exactly where it stopped: position (epoch, next batch, step), the running
/// epoch sums, early-stopping state, and the flat vectors (parameters, layer state, optimizer state).
/// File: 8-byte magic, u32 header length, JSON header, the vectors as little-endian float32, and an FNV-1a-64 checksum
/// of everything before it, so a torn or corrupted file is detected instead of resumed from.
/// </summary>
public sealed class Checkpoint
{
    private static readonly byte[] Magic = "ATCKPT01"u8.ToArray();

    public required CheckpointHeader Header { get; init; }
    public required float[] Parameters { get; init; }
    public required float[] State { get; init; }
    public required float[][] OptimizerState { get; init; }

    public void Write(Stream stream)
    {
        using var body = new MemoryStream();
        body.Write(Magic);
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(Header, CheckpointJson.Default.CheckpointHeader);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        body.Write(length);
        body.Write(header);
        WriteFloats(body, Parameters);
        WriteFloats(body, State);
        foreach (var s in OptimizerState) WriteFloats(body, s);
        ulong checksum = Fnv1a(body.GetBuffer().AsSpan(0, (int)body.Length));
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, checksum);
        body.Write(tail);
        body.Position = 0;
        body.CopyTo(stream);
    }

    public static Checkpoint Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        InvalidDataException Fail(string problem) => new($"checkpoint {path}: {problem}");
        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw Fail("not an ActorTrain checkpoint (bad magic or too short)");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (Fnv1a(bytes.AsSpan(0, bytes.Length - 8)) != stored) throw Fail("checksum mismatch (torn or corrupted file)");
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        int offset = Magic.Length + 4;
        if (headerLength < 0 || offset + headerLength > bytes.Length - 8) throw Fail("header length beyond the file");
        var header = JsonSerializer.Deserialize(bytes.AsSpan(offset, headerLength), CheckpointJson.Default.CheckpointHeader) ?? throw Fail("empty header");
        if (header.Version != CheckpointHeader.CurrentVersion) throw Fail($"version {header.Version}, this build reads {CheckpointHeader.CurrentVersion}");
        offset += headerLength;
        float[] Next(int count)
        {
            if (count < 0 || offset + 4L * count > bytes.Length - 8) throw Fail($"truncated: {count} values declared beyond the end");
            var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset, 4 * count)).ToArray();
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
            offset += 4 * count;
            return values;
        }
        var parameters = Next(header.ParameterCount);
        var state = Next(header.StateCount);
        var optimizer = Enumerable.Range(0, header.OptimizerStateVectors).Select(_ => Next(header.ParameterCount)).ToArray();
        if (offset != bytes.Length - 8) throw Fail($"{bytes.Length - 8 - offset} unexpected bytes after the data");
        return new Checkpoint { Header = header, Parameters = parameters, State = state, OptimizerState = optimizer };
    }

    private static void WriteFloats(Stream s, float[] values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        s.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in data) h = (h ^ b) * 1099511628211UL;
        return h;
    }
}

/// <summary>The checkpoint's JSON header.</summary>
public sealed record CheckpointHeader
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Optimizer updates applied.</summary>
    public long Step { get; init; }

    /// <summary>Epoch in progress and the next batch of it to run (batch = 0: the epoch has not started).</summary>
    public int Epoch { get; init; }
    public int NextBatch { get; init; }

    /// <summary>Running sums of the epoch in progress, so its reported loss equals an uninterrupted run's.</summary>
    public double EpochLossSum { get; init; }
    public long EpochSamples { get; init; }

    public double BestValidationLoss { get; init; } = double.PositiveInfinity;
    public int EpochsWithoutImprovement { get; init; }

    public ulong Seed { get; init; }
    public string Optimizer { get; init; } = "";
    public int ParameterCount { get; init; }
    public int StateCount { get; init; }
    public int OptimizerStateVectors { get; init; }

    /// <summary>Rows per batch and batches per update, which <see cref="NextBatch"/> is counted in.</summary>
    public int BatchSize { get; init; }
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Parameter segments as "name:offset:length", for warm starts into a model of another shape.</summary>
    public string[] Segments { get; init; } = [];
}

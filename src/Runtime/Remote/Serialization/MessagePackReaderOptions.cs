namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>Limits applied while reading untrusted bytes. Every declared length is checked against these and against the bytes left.</summary>
public sealed record MessagePackReaderOptions
{
    /// <summary>Largest depth the reader recurses to; bounded so that <see cref="MessagePackReader.Skip"/> cannot exhaust the stack.</summary>
    public const int DepthCeiling = 1024;

    public static MessagePackReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of arrays and maps accepted by Skip and ReadObject (default 64, at most <see cref="DepthCeiling"/>).</summary>
    public int MaxDepth
    {
        get;
        init => field = value is >= 1 and <= DepthCeiling ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDepth), value, $"must be in 1..{DepthCeiling}");
    } = 64;

    /// <summary>Longest str payload in bytes (default 16 MiB).</summary>
    public int MaxStringBytes { get; init; } = 16 << 20;

    /// <summary>Longest bin or ext payload in bytes (default 1 GiB; frames usually bound it sooner).</summary>
    public int MaxBinBytes { get; init; } = 1 << 30;

    /// <summary>Largest element count of an array, or pair count of a map (default 16 Mi).</summary>
    public int MaxCollectionLength { get; init; } = 16 << 20;
}

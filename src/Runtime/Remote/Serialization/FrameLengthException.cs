namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>A frame header declared a length of zero or above the maximum frame size; the stream cannot be resynchronised.</summary>
public sealed class FrameLengthException(long declaredLength, int maxFrameSize)
    : MessagePackFormatException(MessagePackErrorReason.InvalidFrameLength,
        $"Frame declares {declaredLength} bytes; allowed is 1..{maxFrameSize}")
{
    public long DeclaredLength { get; } = declaredLength;
    public int MaxFrameSize { get; } = maxFrameSize;
}

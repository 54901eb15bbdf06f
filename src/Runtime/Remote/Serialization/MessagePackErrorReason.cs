namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>Why a MessagePack value or frame was refused; lets a transport log a precise reason before closing a connection.</summary>
public enum MessagePackErrorReason
{
    /// <summary>The input ends in the middle of a value.</summary>
    Truncated,
    /// <summary>A declared length or element count is larger than the bytes left in the input.</summary>
    LengthExceedsInput,
    /// <summary>A declared length or count is larger than the configured maximum.</summary>
    LengthExceedsLimit,
    /// <summary>The value has a different MessagePack type from the one requested.</summary>
    UnexpectedType,
    /// <summary>The byte 0xc1, which the specification reserves and never uses.</summary>
    ReservedCode,
    /// <summary>Arrays and maps nest deeper than <see cref="MessagePackReaderOptions.MaxDepth"/>.</summary>
    DepthExceeded,
    /// <summary>An integer does not fit the requested CLR type.</summary>
    IntegerOverflow,
    /// <summary>A str value does not hold valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A timestamp extension with a wrong length or nanoseconds ≥ 10⁹.</summary>
    InvalidTimestamp,
    /// <summary>A float tensor whose bin length is not a multiple of four, or a destination of the wrong size.</summary>
    InvalidTensorLength,
    /// <summary>Bytes left over after the value that should have filled the input.</summary>
    TrailingBytes,
    /// <summary>An envelope that is not a four-element array of the expected shape.</summary>
    InvalidEnvelope,
    /// <summary>A type id that no serializer is registered for.</summary>
    UnknownTypeId,
    /// <summary>A registered serializer refused the body it read.</summary>
    InvalidMessage,
    /// <summary>A frame whose declared length is zero or larger than the maximum frame size.</summary>
    InvalidFrameLength,
}

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Thrown for every malformed or refused input. Decoding untrusted bytes throws only this family,
/// so a transport can catch one type, log <see cref="Reason"/> and close the connection.
/// </summary>
public class MessagePackFormatException : FormatException
{
    public MessagePackFormatException(MessagePackErrorReason reason, string message, long position = -1, Exception? inner = null)
        : base(position >= 0 ? $"{message} (at byte {position})" : message, inner)
    {
        Reason = reason;
        Position = position;
    }

    public MessagePackErrorReason Reason { get; }

    /// <summary>Offset in the input where the bad value starts, or -1 when not tied to one offset.</summary>
    public long Position { get; }
}

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>
/// Writes and reads the body of one message type. <see cref="Read"/> sees untrusted bytes: it may throw only
/// <see cref="MessagePackFormatException"/> (from the reader) or argument/format errors, which the registry turns into one.
/// </summary>
public interface IMessageSerializer<T>
{
    void Write(ref MessagePackWriter writer, T value);

    T Read(ref MessagePackReader reader);
}

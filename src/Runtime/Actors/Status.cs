namespace ActorTrain.Runtime.Actors;

/// <summary>Replies that say how a request ended; a <see cref="Failure"/> reply faults an Ask with its cause.</summary>
public abstract class Status
{
    private Status() { }

    public sealed class Success(object? status) : Status
    {
        public object? Status { get; } = status;
        public override string ToString() => $"Success: {Status}";
    }

    public sealed class Failure(Exception cause, object? state = null) : Status
    {
        public Exception Cause { get; } = cause;
        public object? State { get; } = state;
        public override string ToString() => $"Failure: {Cause}";
    }
}

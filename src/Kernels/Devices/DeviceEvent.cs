using System.Runtime.CompilerServices;

namespace ActorTrain.Kernels.Devices;

/// <summary>
/// Completion of work queued on a stream. Awaitable, so an actor can wait for a download without blocking its thread.
/// </summary>
public abstract class DeviceEvent
{
    /// <summary>An event that is already complete, for devices that run work as it is enqueued.</summary>
    public static DeviceEvent Completed { get; } = new CompletedEvent();

    public abstract bool IsCompleted { get; }

    /// <summary>Blocks until the work is done; rethrows a device error.</summary>
    public abstract void Wait();

    public abstract Task AsTask();

    public TaskAwaiter GetAwaiter() => AsTask().GetAwaiter();

    private sealed class CompletedEvent : DeviceEvent
    {
        public override bool IsCompleted => true;
        public override void Wait() { }
        public override Task AsTask() => Task.CompletedTask;
    }
}

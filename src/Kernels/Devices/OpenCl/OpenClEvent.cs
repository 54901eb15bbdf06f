using System.Buffers;
using System.Runtime.InteropServices;
using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>
/// A cl_event seen as a <see cref="DeviceEvent"/>. Completion arrives through clSetEventCallback (no polling): the
/// callback completes a task, unpins the host memory of an upload or download, and hands the cl_event's release to
/// the thread pool, since calling back into the driver from its own callback thread may deadlock.
/// </summary>
internal sealed unsafe class OpenClEvent : DeviceEvent
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _what;
    private readonly int[]? _errorWord;
    private readonly KernelErrorWord? _errors;
    private MemoryHandle _pin;
    private GCHandle _self; // keeps this object (and the pin) alive until the driver calls back

    /// <summary>Takes ownership of <paramref name="clEvent"/> and of <paramref name="pin"/>, released when the command completes.</summary>
    /// <param name="errorWord">the stream's error word as read by <paramref name="clEvent"/>'s command: the event fails if a kernel recorded an error.</param>
    public OpenClEvent(nint clEvent, MemoryHandle pin, string what, int[]? errorWord = null, KernelErrorWord? errors = null)
    {
        _what = what;
        _pin = pin;
        _errorWord = errorWord;
        _errors = errors;
        _self = GCHandle.Alloc(this);
        int status = OpenClApi.SetEventCallback(clEvent, OpenClApi.Complete, &OnComplete, GCHandle.ToIntPtr(_self));
        if (status != 0)
        {
            _self.Free();
            _pin.Dispose();
            OpenClApi.ReleaseEvent(clEvent);
            OpenClApi.Check(status, "clSetEventCallback");
        }
    }

    public override bool IsCompleted => _done.Task.IsCompleted;

    public override void Wait() => _done.Task.GetAwaiter().GetResult();

    public override Task AsTask() => _done.Task;

    [UnmanagedCallersOnly]
    private static void OnComplete(nint clEvent, int status, nint state)
    {
        var handle = GCHandle.FromIntPtr(state);
        var self = (OpenClEvent)handle.Target!;
        handle.Free();
        self._pin.Dispose();
        ThreadPool.UnsafeQueueUserWorkItem(e => OpenClApi.ReleaseEvent(e), clEvent, preferLocal: false);
        if (status < 0) self._done.TrySetException(new OpenClException($"{self._what} (command completion)", status));
        else if (self._errorWord is not null && self._errors?.ErrorOf(self._errorWord) is { } error) self._done.TrySetException(error);
        else self._done.TrySetResult();
    }
}

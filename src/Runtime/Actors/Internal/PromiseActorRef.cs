namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>
/// The temporary sender of an Ask: the first message told to it completes the task, a timeout faults it with
/// <see cref="AskTimeoutException"/>. Later replies are dead letters.
/// </summary>
internal sealed class PromiseActorRef : ActorRefBase
{
    private static long s_counter;

    private readonly TaskCompletionSource<object?> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer? _timer;
    private readonly ActorSystem? _system;

    public PromiseActorRef(ActorPath root, ActorSystem? system, TimeSpan timeout, object requestForDiagnostics, IActorRef target)
        : base(root / "temp" / $"${Interlocked.Increment(ref s_counter)}")
    {
        _system = system;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var description = $"Ask timed out on [{target}] after [{timeout.TotalMilliseconds} ms]. Message of type [{requestForDiagnostics.GetType()}].";
            _timer = new Timer(_ => _promise.TrySetException(new AskTimeoutException(description)), null, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public Task<object?> Task => _promise.Task;

    public void Cancel(CancellationToken token) => _promise.TrySetCanceled(token);

    public override void Tell(object message, IActorRef? sender)
    {
        if (_promise.TrySetResult(message)) _timer?.Dispose();
        else _system?.DeadLetter(message, sender, this);
    }
}

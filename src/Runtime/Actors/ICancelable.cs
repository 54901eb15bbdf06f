namespace ActorTrain.Runtime.Actors;

/// <summary>A scheduled action that can be cancelled; cancelling twice, or after it ran, does nothing.</summary>
public interface ICancelable
{
    bool IsCancellationRequested { get; }
    void Cancel();
}

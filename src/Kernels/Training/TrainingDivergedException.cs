namespace ActorTrain.Kernels.Training;

/// <summary>A loss or gradient became NaN or infinite; the message names the step and the first bad layer.</summary>
public sealed class TrainingDivergedException(long step, string detail)
    : Exception($"training diverged at step {step}: {detail}")
{
    public long Step { get; } = step;
    public string Detail { get; } = detail;
}

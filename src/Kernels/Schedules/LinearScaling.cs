namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// The linear scaling rule (Goyal et al. 2017): when the mini-batch grows k-fold, grow the learning rate
/// k-fold, so k small SGD steps and one large step move the weights alike. Pair it with
/// <see cref="LinearWarmup"/>, since the rule breaks down in the first steps of training.
/// </summary>
public static class LinearScaling
{
    public static double Scale(double baseLr, int batchSize, int baseBatchSize)
    {
        Guard.NonNegative(baseLr, nameof(baseLr), "linear-scaling");
        Guard.Positive(batchSize, nameof(batchSize), "linear-scaling");
        Guard.Positive(baseBatchSize, nameof(baseBatchSize), "linear-scaling");
        return baseLr * batchSize / baseBatchSize;
    }
}

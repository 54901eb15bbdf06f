namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// The learning rate as a pure function of the step, so that every replica and every restarted
/// server shard agrees on it without shared state. <c>step</c> counts the optimizer updates already
/// done (0 for the first update); the result is the rate to use for that update. This is PyTorch's
/// convention for a scheduler stepped once per update: <c>At(n)</c> is the optimizer's lr after n calls
/// to <c>scheduler.step()</c>.
/// </summary>
public interface ILearningRateSchedule
{
    double At(long step);
}

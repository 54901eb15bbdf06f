namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>Routes every piece of one async handler into its actor's system queue, so it runs on the actor's turn.</summary>
internal sealed class ActorTaskScheduler(ActorCell cell, Envelope envelope) : TaskScheduler
{
    /// <summary>The message whose handler this is: its Sender stays visible after awaits.</summary>
    public Envelope Envelope { get; } = envelope;

    public void Execute(Task task) => TryExecuteTask(task);

    protected override void QueueTask(Task task) => cell.SendSystemMessage(new SystemMessage.ExecuteTask(this, task));

    /// <summary>Inline only when already on this actor's turn; anywhere else would break one-message-at-a-time.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        ActorCell.Current == cell && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}

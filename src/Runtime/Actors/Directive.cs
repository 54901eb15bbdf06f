namespace ActorTrain.Runtime.Actors;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; go on with the next message.</summary>
    Resume,
    /// <summary>Replace the instance with a fresh one from Props; the mailbox is kept, the failing message is not retried.</summary>
    Restart,
    /// <summary>Stop the child for good.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same cause, letting its own parent decide.</summary>
    Escalate,
}

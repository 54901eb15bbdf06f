namespace ActorTrain.Runtime.Actors;

/// <summary>
/// A message that, when <see cref="MayWait"/>, does not wake an idle receiver whose mailbox is
/// <see cref="Props.LazyWakeupMailboxId"/>: it is queued, and handled in order the next time the receiver runs — for
/// any other message, or its own timer. Waking a sleeping thread is a system call and, in a virtual machine, an
/// interrupt to another CPU (measured here: 30–60 µs per wakeup); a routine report that only updates bookkeeping need
/// not pay that on every training step. Any other mailbox wakes its actor for it as for any message.
/// <para>Not in Akka.NET, where every Tell wakes the receiver: on it these are plain messages.</para>
/// </summary>
public interface IMayWaitForWakeup
{
    bool MayWait { get; }
}

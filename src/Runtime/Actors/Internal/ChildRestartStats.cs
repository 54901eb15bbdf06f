using System.Diagnostics;

namespace ActorTrain.Runtime.Actors.Internal;

/// <summary>A child of a cell with its restart budget bookkeeping (read and written on the parent's thread only).</summary>
internal sealed class ChildRestartStats(LocalActorRef child)
{
    public LocalActorRef Child { get; } = child;
    /// <summary>The cause of the failure being decided, so strategies can pass it to the restarted children.</summary>
    public Exception? LastCause { get; set; }

    private int _retries;
    private long _windowStart;

    /// <summary>Counts one more restart; false when that would exceed the budget (then the child must be stopped).</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, int withinTimeMilliseconds)
    {
        if (maxNrOfRetries == 0) return false;
        var hasRetryLimit = maxNrOfRetries > 0;
        var hasWindow = withinTimeMilliseconds > 0;
        if (!hasWindow) return !hasRetryLimit || ++_retries <= maxNrOfRetries;
        return RetriesInWindowOkay(hasRetryLimit ? maxNrOfRetries : 1, withinTimeMilliseconds);
    }

    /// <summary>The window opens at the first restart; a restart after it has closed opens a new one with a fresh count.</summary>
    private bool RetriesInWindowOkay(int retries, int windowMilliseconds)
    {
        var now = Stopwatch.GetTimestamp();
        if (_windowStart == 0) _windowStart = now;
        if (Stopwatch.GetElapsedTime(_windowStart, now).TotalMilliseconds <= windowMilliseconds)
            return ++_retries <= retries;
        _retries = 1;
        _windowStart = now;
        return true;
    }
}

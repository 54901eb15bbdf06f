namespace ActorTrain.TestKit;

/// <summary>Expects or mutes the events one filter matches. Matched events are not written to the system's ILogger.</summary>
public sealed class EventFilterApplier
{
    private readonly TestKitBase _testKit;
    private readonly string _description;
    private readonly Func<object, bool> _matches;

    internal EventFilterApplier(TestKitBase testKit, string description, Func<object, bool> matches)
    {
        _testKit = testKit;
        _description = description;
        _matches = matches;
    }

    public void ExpectOne(Action action) => Expect(1, action);

    public T ExpectOne<T>(Func<T> function)
    {
        var result = default(T)!;
        Expect(1, () => result = function());
        return result;
    }

    public void Expect(int expectedCount, Action action) => Expect(expectedCount, null, action);

    /// <summary>
    /// Runs <paramref name="action"/> and waits until exactly <paramref name="expectedCount"/> matching events were
    /// published since it started; fails on timeout or on excess events seen by then.
    /// </summary>
    public void Expect(int expectedCount, TimeSpan? timeout, Action action)
    {
        var count = 0;
        using (_testKit.Sys.AddEventFilter(e =>
               {
                   if (!_matches(e)) return false;
                   Interlocked.Increment(ref count);
                   return true;
               }))
        {
            action();
            var wait = _testKit.RemainingOrDilated(timeout);
            if (!TestKitBase.PollUntil(() => Volatile.Read(ref count) >= expectedCount, wait, TimeSpan.FromMilliseconds(5)))
                Assert.Fail($"Timeout ({TestKitBase.Ms(wait)}) waiting for {expectedCount} events ({_description}): got {Volatile.Read(ref count)}");
        }
        if (count > expectedCount) Assert.Fail($"Received {count - expectedCount} excess events ({_description}): expected {expectedCount}");
    }

    /// <summary>Swallows matching events until the returned handle is disposed.</summary>
    public IDisposable Mute() => _testKit.Sys.AddEventFilter(_matches);

    public void Mute(Action action)
    {
        using (Mute()) action();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>
/// A test actor with a queue, and expectations on what arrives in it. Timeouts are dilated by
/// <see cref="TestTimeFactor"/> (env ACTORTRAIN_TEST_TIMEFACTOR) and, inside <see cref="Within(TimeSpan, Action)"/>,
/// bounded by the innermost deadline, which itself never extends an outer one.
/// </summary>
public abstract partial class TestKitBase
{
    /// <summary>Akka's <c>akka.test.single-expect-default</c>: the timeout of an expectation outside any Within.</summary>
    public static readonly TimeSpan SingleExpectDefault = TimeSpan.FromSeconds(3);

    private static readonly long Origin = Stopwatch.GetTimestamp();
    private static int s_testActorCounter;

    private readonly BlockingCollection<Envelope> _queue = [];
    /// <summary>The deadline of the innermost Within, as time since <see cref="Origin"/>.</summary>
    private TimeSpan? _end;
    private bool _lastWasNoMsg;

    /// <summary>
    /// Expectations block their thread by design, and test runners run tests on pool threads; with the pool's default
    /// minimum (one per core) a few blocked tests would starve the actors they wait for until the pool slowly grows.
    /// </summary>
    static TestKitBase()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }

    protected TestKitBase(ActorSystem system, string? testActorName = null)
    {
        Sys = system;
        var name = testActorName ?? $"testActor{Interlocked.Increment(ref s_testActorCounter)}";
        TestActor = system.SystemActorOf(Props.Create(() => new TestActor(_queue)), name);
        EventFilter = new EventFilterFactory(this);
    }

    public ActorSystem Sys { get; }
    /// <summary>Collects every message sent to it, for the Expect methods; also the implicit watcher of <see cref="Watch"/>.</summary>
    public IActorRef TestActor { get; }
    /// <summary>The sender of the last message received from the queue.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;
    public EventFilterFactory EventFilter { get; }

    public static double TestTimeFactor { get; } = ReadTimeFactor();

    public static TimeSpan Now => Stopwatch.GetElapsedTime(Origin);

    public TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TestTimeFactor));

    /// <summary>Time left in the innermost Within; throws outside one.</summary>
    public TimeSpan Remaining => _end is { } end
        ? Max(end - Now, TimeSpan.Zero)
        : throw new InvalidOperationException("Remaining is only defined inside Within");

    public TimeSpan RemainingOrDefault => _end is null ? Dilated(SingleExpectDefault) : Remaining;

    /// <summary>An explicit timeout, dilated and cut to the enclosing deadline; or the remaining/default time.</summary>
    public TimeSpan RemainingOrDilated(TimeSpan? duration)
    {
        if (duration is null) return RemainingOrDefault;
        var dilated = Dilated(duration.Value);
        return _end is null ? dilated : Min(dilated, Remaining);
    }

    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    /// <summary>Makes <see cref="TestActor"/> watch <paramref name="actor"/>, so <see cref="ExpectTerminated"/> can see it stop.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TestActor.Tell(new TestActor.WatchRequest(actor, done), ActorRefs.NoSender);
        var wait = RemainingOrDefault;
        if (!done.Task.Wait(wait)) Assert.Fail($"Timeout ({Ms(wait)}) waiting for the test actor to watch {actor}");
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.UnwatchRequest(actor), ActorRefs.NoSender);
        return actor;
    }

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, $"{name ?? "testProbe"}{Interlocked.Increment(ref s_testActorCounter)}");

    /// <summary>
    /// Creates <paramref name="props"/> as the only child of a fresh parent that supervises it with
    /// <paramref name="supervisorStrategy"/> and forwards to <see cref="TestActor"/> whatever it receives.
    /// </summary>
    public IActorRef ChildActorOf(Props props, string name, SupervisorStrategy supervisorStrategy)
    {
        var created = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        var testActor = TestActor;
        Sys.ActorOf(Props.Create(() => new TestKitParent(props, name, testActor, created)).WithSupervisorStrategy(supervisorStrategy));
        var wait = RemainingOrDefault;
        if (!created.Task.Wait(wait)) Assert.Fail($"Timeout ({wait}) waiting for ChildActorOf({props}) to be created");
        return created.Task.Result;
    }

    public IActorRef ChildActorOf(Props props, SupervisorStrategy supervisorStrategy) =>
        ChildActorOf(props, $"child{Interlocked.Increment(ref s_testActorCounter)}", supervisorStrategy);

    public IActorRef ChildActorOf(Props props, string name) => ChildActorOf(props, name, SupervisorStrategy.DefaultStrategy);

    public IActorRef ChildActorOf(Props props) => ChildActorOf(props, SupervisorStrategy.DefaultStrategy);

    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    public void Within(TimeSpan min, TimeSpan max, Action action) => Within(min, max, () =>
    {
        action();
        return true;
    });

    public T Within<T>(TimeSpan max, Func<T> function) => Within(TimeSpan.Zero, max, function);

    /// <summary>
    /// Runs <paramref name="function"/> with a deadline of <paramref name="max"/> (dilated, never past an outer deadline)
    /// for the expectations inside it, and checks it took at least <paramref name="min"/> and at most the deadline.
    /// </summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        var start = Now;
        var maxDiff = _end is { } outer ? Min(Dilated(max), Max(outer - start, TimeSpan.Zero)) : Dilated(max);
        var previousEnd = _end;
        _end = start + maxDiff;
        T result;
        try
        {
            _lastWasNoMsg = false;
            result = function();
        }
        finally
        {
            _end = previousEnd;
        }
        var took = Now - start;
        if (took < min) Assert.Fail($"Block took {Ms(took)}, should at least have been {Ms(min)}");
        if (!_lastWasNoMsg && took > maxDiff) Assert.Fail($"Block took {Ms(took)}, exceeding {Ms(maxDiff)}");
        return result;
    }

    /// <summary>Polls until <paramref name="conditionIsFulfilled"/> holds; fails at the deadline.</summary>
    public void AwaitCondition(Func<bool> conditionIsFulfilled, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        var wait = RemainingOrDilated(max);
        if (!PollUntil(conditionIsFulfilled, wait, interval ?? TimeSpan.FromMilliseconds(10)))
            Assert.Fail($"Timeout ({Ms(wait)}) waiting for condition{(message is null ? "" : ": " + message)}");
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes; at the deadline its last failure propagates.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var deadline = Now + RemainingOrDilated(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch when (Now + pause < deadline)
            {
                Thread.Sleep(pause);
            }
        }
    }

    internal static bool PollUntil(Func<bool> condition, TimeSpan max, TimeSpan interval)
    {
        var deadline = Now + max;
        while (!condition())
        {
            var left = deadline - Now;
            if (left <= TimeSpan.Zero) return false;
            Thread.Sleep(Min(interval, left));
        }
        return true;
    }

    /// <summary>Takes the next message within <paramref name="max"/>; null when none arrived.</summary>
    public object? ReceiveOne(TimeSpan? max = null) => TryReceive(RemainingOrDilated(max)) is { } envelope ? envelope.Message : null;

    private Envelope? TryReceive(TimeSpan max)
    {
        _lastWasNoMsg = false;
        var timeout = max == Timeout.InfiniteTimeSpan ? max : Min(Max(max, TimeSpan.Zero), TimeSpan.FromMilliseconds(int.MaxValue));
        if (!_queue.TryTake(out var envelope, timeout)) return null;
        LastSender = envelope.Sender ?? Sys.DeadLetters;
        return envelope;
    }

    internal static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double ReadTimeFactor()
    {
        var text = Environment.GetEnvironmentVariable("ACTORTRAIN_TEST_TIMEFACTOR");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1.0;
    }
}

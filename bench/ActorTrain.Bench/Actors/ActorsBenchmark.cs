using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Bench.Actors;

/// <summary>
/// In-process messaging figures of the actor kernel, side by side with a raw Channel ping-pong between two tasks,
/// which bounds what a mailbox hop on the thread pool can do.
/// </summary>
public sealed class ActorsBenchmark : IBenchmark
{
    private const int PingPongRoundTrips = 200_000;
    private const int FanOutActors = 1000;
    private const int FanOutMessagesPerActor = 1000;
    private const int AskSamples = 20_000;
    private const int Repeats = 3;

    public string Name => "actors";
    public string Description => "actor ping-pong, fan-out to 1000 actors, Ask latency; raw Channel ping-pong as the limit";

    public int Run(string[] args)
    {
        using var system = ActorSystem.Create("bench");
        Console.WriteLine($"actors: {Environment.ProcessorCount} cores, best of {Repeats} runs each");

        // Interleaved, so drift in machine load hits both sides alike.
        double ours = 0, raw = 0, inFlight = 0, fanOut = 0;
        for (var r = 0; r < Repeats; r++)
        {
            raw = Math.Max(raw, ChannelPingPong(PingPongRoundTrips));
            ours = Math.Max(ours, ActorPingPong(system, PingPongRoundTrips, inFlight: 1));
            inFlight = Math.Max(inFlight, ActorPingPong(system, PingPongRoundTrips, inFlight: 64));
            fanOut = Math.Max(fanOut, FanOut(system));
        }
        var (p50, p99) = AskLatency(system);

        Console.WriteLine($"  raw Channel<T> ping-pong (2 tasks)   {Format(raw),14} msg/s");
        Console.WriteLine($"  actor ping-pong 1:1, 1 in flight     {Format(ours),14} msg/s   ours/raw = {ours / raw:P0}");
        Console.WriteLine($"  actor ping-pong 1:1, 64 in flight    {Format(inFlight),14} msg/s");
        Console.WriteLine($"  fan-out to {FanOutActors} actors                {Format(fanOut),14} msg/s");
        Console.WriteLine($"  Ask round trip                       p50 {p50:F1} us   p99 {p99:F1} us");
        return 0;
    }

    private static string Format(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static double ChannelPingPong(int roundTrips)
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };
        var toPong = Channel.CreateUnbounded<int>(options);
        var toPing = Channel.CreateUnbounded<int>(options);
        var pong = Task.Run(async () =>
        {
            for (var i = 0; i < roundTrips; i++) toPing.Writer.TryWrite(await toPong.Reader.ReadAsync());
        });
        var watch = Stopwatch.StartNew();
        var ping = Task.Run(async () =>
        {
            toPong.Writer.TryWrite(0);
            for (var i = 1; i < roundTrips; i++)
            {
                await toPing.Reader.ReadAsync();
                toPong.Writer.TryWrite(i);
            }
            await toPing.Reader.ReadAsync();
        });
        Task.WaitAll(ping, pong);
        return 2.0 * roundTrips / watch.Elapsed.TotalSeconds;
    }

    private static double ActorPingPong(ActorSystem system, int roundTrips, int inFlight)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pong = system.ActorOf(Props.Create(() => new Ponger()));
        var ping = system.ActorOf(Props.Create(() => new Pinger(pong, roundTrips, done)));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < inFlight; i++) ping.Tell(Ball.Instance, ActorRefs.NoSender);
        done.Task.Wait();
        var rate = 2.0 * roundTrips / watch.Elapsed.TotalSeconds;
        system.Stop(ping);
        system.Stop(pong);
        return rate;
    }

    private static double FanOut(ActorSystem system)
    {
        using var finished = new CountdownEvent(FanOutActors);
        var actors = Enumerable.Range(0, FanOutActors)
            .Select(_ => system.ActorOf(Props.Create(() => new Counter(FanOutMessagesPerActor, finished))))
            .ToArray();
        var watch = Stopwatch.StartNew();
        for (var m = 0; m < FanOutMessagesPerActor; m++)
            foreach (var actor in actors) actor.Tell(Ball.Instance, ActorRefs.NoSender);
        finished.Wait();
        var rate = (double)FanOutActors * FanOutMessagesPerActor / watch.Elapsed.TotalSeconds;
        foreach (var actor in actors) system.Stop(actor);
        return rate;
    }

    private static (double P50, double P99) AskLatency(ActorSystem system)
    {
        var echo = system.ActorOf(Props.Create(() => new Ponger()));
        var timeout = TimeSpan.FromSeconds(5);
        for (var i = 0; i < 1000; i++) echo.Ask<Ball>(Ball.Instance, timeout).Wait();
        var samples = new double[AskSamples];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            echo.Ask<Ball>(Ball.Instance, timeout).Wait();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(samples);
        system.Stop(echo);
        return (samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
    }

    private sealed class Ball : INoSerializationVerificationNeeded
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Ponger : ActorBase
    {
        protected override bool Receive(object message)
        {
            Sender.Tell(message, Self);
            return true;
        }
    }

    private sealed class Pinger(IActorRef pong, int roundTrips, TaskCompletionSource done) : ActorBase
    {
        private int _received;

        protected override bool Receive(object message)
        {
            // Stop serving once the count is reached; balls still in flight are simply dropped.
            var received = ++_received;
            if (received < roundTrips) pong.Tell(message, Self);
            else if (received == roundTrips) done.TrySetResult();
            return true;
        }
    }

    private sealed class Counter(int expected, CountdownEvent finished) : ActorBase
    {
        private int _count;

        protected override bool Receive(object message)
        {
            if (++_count == expected) finished.Signal();
            return true;
        }
    }
}

namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;

/// <summary>Makes the receiving <see cref="Reporter"/> throw <paramref name="Cause"/>.</summary>
public sealed record Fail(Exception Cause);

/// <summary>Numbers actor instances, so a test can tell a restarted instance from the original.</summary>
public sealed class InstanceCounter
{
    private int _next;
    public int Next() => Interlocked.Increment(ref _next);
}

/// <summary>Replies to the sender with every message it receives.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message, Self));
}

/// <summary>
/// Reports its lifecycle to <c>report</c> as (hook, instance) tuples; counts "inc", answers "get" with the count,
/// throws on <see cref="Fail"/>, creates a child on ("child", name) and forwards anything else to <c>report</c>.
/// </summary>
public sealed class Reporter : ReceiveActor
{
    private readonly IActorRef _report;
    private readonly int _instance;
    private int _count;

    public Reporter(IActorRef report, InstanceCounter instances)
    {
        _report = report;
        _instance = instances.Next();
        Receive<Fail>(fail => throw fail.Cause);
        Receive<string>(s => s == "inc", _ => _count++);
        Receive<string>(s => s == "get", _ => Sender.Tell(_count));
        Receive<(string Command, string Name)>(c => c.Command == "child",
            c => Sender.Tell(Context.ActorOf(For(report, instances), c.Name)));
        ReceiveAny(message => _report.Forward(message));
    }

    public static Props For(IActorRef report, InstanceCounter instances) => Props.Create(() => new Reporter(report, instances));

    protected override void PreStart() => _report.Tell(("PreStart", _instance));

    protected override void PostStop() => _report.Tell(("PostStop", _instance));

    protected override void PreRestart(Exception reason, object? message)
    {
        _report.Tell(("PreRestart", _instance, reason.Message, message));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _report.Tell(("PostRestart", _instance, reason.Message));
        base.PostRestart(reason);
    }
}

using System.Linq.Expressions;
using System.Reflection;

namespace ActorTrain.Runtime.Actors;

/// <summary>
/// An immutable recipe for an actor: how to make each incarnation (the first and every restart), on which dispatcher,
/// and optionally with which strategy for its children.
/// </summary>
public sealed class Props
{
    public const string DefaultDispatcherId = "default-dispatcher";

    /// <summary>One dedicated thread per actor, for actors that block (in native compute).</summary>
    public const string PinnedDispatcherId = "pinned-dispatcher";

    /// <summary>The actor runs on the thread that sends it a message (one message at a time still), as Akka.NET's CallingThreadDispatcher.</summary>
    public const string CallingThreadDispatcherId = "calling-thread-dispatcher";
    public const string DefaultMailboxId = "unbounded";

    /// <summary>
    /// Unbounded too, but a message that may wait (<see cref="IMayWaitForWakeup"/>) does not wake the actor: for an actor
    /// that runs regularly anyway (a timer) and takes routine reports at a high rate.
    /// </summary>
    public const string LazyWakeupMailboxId = "lazy-wakeup";

    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory, string dispatcher, string mailbox, SupervisorStrategy? supervisorStrategy)
    {
        Type = type;
        _factory = factory;
        Dispatcher = dispatcher;
        Mailbox = mailbox;
        SupervisorStrategy = supervisorStrategy;
    }

    public Type Type { get; }
    public string Dispatcher { get; }
    public string Mailbox { get; }
    /// <summary>When set, used for this actor's children instead of the actor's own SupervisorStrategy().</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>From a <c>() => new T(...)</c> expression; the expression runs again for each incarnation.</summary>
    public static Props Create<TActor>(Expression<Func<TActor>> factory) where TActor : ActorBase
    {
        if (factory.Body is not NewExpression)
            throw new ArgumentException("The factory must be a 'new T(args)' expression", nameof(factory));
        var compiled = factory.Compile();
        return new Props(typeof(TActor), compiled, DefaultDispatcherId, DefaultMailboxId, null);
    }

    /// <summary>From the constructor of <typeparamref name="TActor"/> matching <paramref name="args"/>.</summary>
    public static Props Create<TActor>(params object[] args) where TActor : ActorBase => Create(typeof(TActor), args);

    public static Props Create(Type type, params object[] args)
    {
        if (!typeof(ActorBase).IsAssignableFrom(type)) throw new ArgumentException($"{type} is not an actor", nameof(type));
        return new Props(type, () => (ActorBase)Activator.CreateInstance(type, args)!, DefaultDispatcherId, DefaultMailboxId, null);
    }

    public Props WithDispatcher(string dispatcher) => new(Type, _factory, dispatcher, Mailbox, SupervisorStrategy);

    public Props WithMailbox(string mailbox) => mailbox is DefaultMailboxId or LazyWakeupMailboxId
        ? new(Type, _factory, Dispatcher, mailbox, SupervisorStrategy)
        : throw new ArgumentException($"unknown mailbox '{mailbox}': use {DefaultMailboxId} or {LazyWakeupMailboxId}", nameof(mailbox));

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(Type, _factory, Dispatcher, Mailbox, strategy);

    internal ActorBase NewActor() => _factory();

    /// <summary>Reflection wraps constructor exceptions; supervisors should see the actor's own.</summary>
    internal static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    public override string ToString() => $"Props({Type.Name}, dispatcher={Dispatcher}, mailbox={Mailbox})";
}

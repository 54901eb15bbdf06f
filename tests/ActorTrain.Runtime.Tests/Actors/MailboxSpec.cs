namespace ActorTrain.Runtime.Tests.Actors;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Actors.Event;
using ActorTrain.Runtime.Actors.Internal;
using ActorTrain.TestKit;

public sealed class MailboxSpec : TestKit
{
    [Fact]
    public void Tell_ManyMessagesFromOneSender_ArriveInSendOrder()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        for (var i = 0; i < 1000; i++) echo.Tell(i, TestActor);
        for (var i = 0; i < 1000; i++) ExpectMsg(i);
    }

    [Fact]
    public void Tell_FromConcurrentSenders_KeepsEachSendersOrder()
    {
        const int senders = 4, perSender = 2000;
        var checker = Sys.ActorOf(Props.Create(() => new OrderChecker(senders * perSender)));
        Parallel.For(0, senders, s =>
        {
            for (var i = 0; i < perSender; i++) checker.Tell((s, i), TestActor);
        });
        ExpectMsg(("done", 0));
    }

    [Fact]
    public void Receive_UnderConcurrentTells_ProcessesOneMessageAtATime()
    {
        var gauge = new ConcurrencyGauge();
        var actor = Sys.ActorOf(Props.Create(() => new GaugedActor(gauge)));
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 500; i++) actor.Tell("work", ActorRefs.NoSender);
        });
        actor.Tell("report", TestActor);
        ExpectMsg(2000);
        Assert.Equal(1, gauge.MaxInside);
    }

    [Fact]
    public void Run_WithMoreMessagesThanThroughput_ProcessesThroughputThenReschedules()
    {
        var dispatcher = new ManualDispatcher(throughput: 30);
        var cell = NewCell(dispatcher, Props.Create(() => new EchoActor()));
        for (var i = 0; i < 100; i++) cell.Self.Tell(i, TestActor);

        dispatcher.RunNext();
        Assert.Equal(Enumerable.Range(0, 30).Cast<object>(), ReceiveN(30));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, dispatcher.Pending);

        dispatcher.RunNext();
        Assert.Equal(Enumerable.Range(30, 30).Cast<object>(), ReceiveN(30));
    }

    [Fact]
    public void Run_StopQueuedBehindUserMessages_ProcessesStopFirst()
    {
        var dispatcher = new ManualDispatcher(throughput: 30);
        var cell = NewCell(dispatcher, Props.Create(() => new EchoActor()));
        dispatcher.RunNext();
        for (var i = 0; i < 3; i++) cell.Self.Tell(i, TestActor);
        EventFilter.DeadLetter<int>().Expect(3, () =>
        {
            cell.Self.Stop();
            dispatcher.RunNext();
        });
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.True(cell.Self.IsTerminated);
    }

    [Fact]
    public void PoisonPill_QueuedBetweenMessages_HandlesEarlierOnesThenStops()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        EventFilter.DeadLetter<string>(m => m == "after").ExpectOne(() =>
        {
            echo.Tell("before", TestActor);
            echo.Tell(PoisonPill.Instance, TestActor);
            echo.Tell("after", TestActor);
            ExpectMsg("before");
            ExpectTerminated(echo);
        });
    }

    [Fact]
    public void Kill_Received_FailsWithActorKilledExceptionAndStops()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        EventFilter.Exception<ActorKilledException>().ExpectOne(() => echo.Tell(Kill.Instance, TestActor));
        ExpectTerminated(echo);
    }

    [Fact]
    public void Tell_ToStoppedActor_PublishesDeadLetter()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        echo.Tell("late", TestActor);

        var deadLetter = ExpectMsg<DeadLetter>();
        Assert.Equal(("late", echo, TestActor), (deadLetter.Message, deadLetter.Recipient, deadLetter.Sender));
    }

    private sealed record Report(int Number, bool MayWait) : IMayWaitForWakeup;

    /// <summary>An echo actor with the given mailbox on a manual dispatcher, its Create already run.</summary>
    private (ManualDispatcher Dispatcher, ActorCell Cell) CreatedEcho(string mailbox, int throughput)
    {
        var dispatcher = new ManualDispatcher(throughput);
        var cell = NewCell(dispatcher, Props.Create(() => new EchoActor()).WithMailbox(mailbox));
        dispatcher.RunNext();
        return (dispatcher, cell);
    }

    /// <summary>
    /// The lazy-wakeup mailbox: a report that may wait is queued without scheduling the actor, and handled, in order,
    /// when another message schedules it; one that may not wait schedules it as usual.
    /// </summary>
    [Fact]
    public void LazyWakeupMailbox_AMessageThatMayWait_IsHandledInOrderWhenAnotherMessageSchedulesTheActor()
    {
        var (dispatcher, cell) = CreatedEcho(Props.LazyWakeupMailboxId, throughput: 10);
        cell.Self.Tell(new Report(1, MayWait: true), TestActor);
        cell.Self.Tell(new Report(2, MayWait: true), TestActor);
        Assert.Equal(0, dispatcher.Pending);

        cell.Self.Tell(new Report(3, MayWait: false), TestActor);
        Assert.Equal(1, dispatcher.Pending);
        dispatcher.RunNext();
        Assert.Equal([new Report(1, true), new Report(2, true), new Report(3, false)], ReceiveN(3).Cast<Report>());
    }

    /// <summary>One that may wait, sent while the actor is scheduled (or past its throughput), is handled by that run or the next.</summary>
    [Fact]
    public void LazyWakeupMailbox_AMessageThatMayWaitSentWhileScheduled_IsNotLeftBehind()
    {
        var (dispatcher, cell) = CreatedEcho(Props.LazyWakeupMailboxId, throughput: 1);
        cell.Self.Tell(new Report(1, MayWait: false), TestActor);
        cell.Self.Tell(new Report(2, MayWait: true), TestActor);
        dispatcher.RunNext(); // throughput 1: the run handles the first and, seeing the second, reschedules
        Assert.Equal(new Report(1, false), ExpectMsg<Report>());
        Assert.Equal(1, dispatcher.Pending);
        dispatcher.RunNext();
        Assert.Equal(new Report(2, true), ExpectMsg<Report>());
    }

    [Fact]
    public void DefaultMailbox_AMessageThatMayWait_SchedulesTheActorAsAnyMessage()
    {
        var (dispatcher, cell) = CreatedEcho(Props.DefaultMailboxId, throughput: 10);
        cell.Self.Tell(new Report(1, MayWait: true), TestActor);
        Assert.Equal(1, dispatcher.Pending);
        dispatcher.RunNext();
        Assert.Equal(new Report(1, true), ExpectMsg<Report>());
    }

    [Fact]
    public void WithMailbox_UnknownId_IsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Props.Create(() => new EchoActor()).WithMailbox("bounded"));
        Assert.Contains("unknown mailbox 'bounded': use unbounded or lazy-wakeup", error.Message);
    }

    private ActorCell NewCell(MessageDispatcher dispatcher, Props props)
    {
        var path = (ActorPath.RootOf(new Address(Address.DefaultProtocol, Sys.Name)) / "manual").WithUid(7);
        var cell = new ActorCell(Sys, props, (IInternalActorRef)Sys.DeadLetters, path, dispatcher);
        cell.Start();
        return cell;
    }

    /// <summary>Queues mailbox runs instead of executing them, so a test decides when each run happens.</summary>
    private sealed class ManualDispatcher(int throughput) : MessageDispatcher("manual", throughput)
    {
        private readonly Queue<Mailbox> _runs = new();

        public int Pending
        {
            get { lock (_runs) return _runs.Count; }
        }

        public override void Execute(Mailbox mailbox)
        {
            lock (_runs) _runs.Enqueue(mailbox);
        }

        public void RunNext()
        {
            Mailbox next;
            lock (_runs) next = _runs.Dequeue();
            next.Run();
        }
    }

    private sealed class OrderChecker : ReceiveActor
    {
        public OrderChecker(int expected)
        {
            var last = new Dictionary<int, int>();
            var violations = 0;
            var seen = 0;
            Receive<(int Sender, int Seq)>(m =>
            {
                if (last.TryGetValue(m.Sender, out var previous) && m.Seq != previous + 1) violations++;
                last[m.Sender] = m.Seq;
                if (++seen == expected) Sender.Tell(("done", violations));
            });
        }
    }

    private sealed class ConcurrencyGauge
    {
        private int _inside;
        public int MaxInside;

        public void Enter()
        {
            var inside = Interlocked.Increment(ref _inside);
            if (inside > MaxInside) MaxInside = inside;
            Thread.SpinWait(50);
            Interlocked.Decrement(ref _inside);
        }
    }

    private sealed class GaugedActor : ReceiveActor
    {
        public GaugedActor(ConcurrencyGauge gauge)
        {
            var handled = 0;
            Receive<string>(s => s == "work", _ =>
            {
                gauge.Enter();
                handled++;
            });
            Receive<string>(s => s == "report", _ => Sender.Tell(handled));
        }
    }
}

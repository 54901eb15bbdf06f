namespace ActorTrain.Runtime.Tests.Training;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Training.DataParallel;
using ActorTrain.TestKit;

/// <summary>
/// One server shard driven message by message: the stale-synchronous read condition of a pull (bounded mode), and when
/// the shard may write its answer into a worker's replica itself (<see cref="ReplicaTarget"/>).
/// </summary>
public sealed class ParameterServerShardSpec : TestKit
{
    private readonly DataParallelSetup _setup = DataParallelFixture.Setup(2, Consistency.Bounded, shards: 1, clipping: false);

    /// <summary>Shard 0 of <paramref name="setup"/> (default: bounded, workers 0 and 1) under the test actor, planned for generation 0.</summary>
    private IActorRef StartShard(DataParallelSetup? setup = null, float[]? initial = null, int[]? live = null, SharedParameters? shared = null)
    {
        setup ??= _setup;
        initial ??= new float[setup.Shards[0].Length];
        var shard = ChildActorOf(Props.Create(() => new ParameterServerShard(setup, 0, initial, null, shared)), SupervisorStrategy.StoppingStrategy);
        shard.Tell(new Plan(0, live ?? [0, 1], 0, false, []), TestActor);
        ExpectMsg<ShardApplied>(); // the plan's acknowledgement, through the parent
        return shard;
    }

    private void Push(IActorRef shard, int worker, long step)
    {
        var range = _setup.Shards[0];
        for (int offset = range.Offset; offset < range.End; offset += _setup.ChunkFloats)
            shard.Tell(new GradientChunk(0, step, worker, 0, offset, 0, new float[Math.Min(_setup.ChunkFloats, range.End - offset)]), TestActor);
    }

    private int Chunks => ChunksOf(_setup);

    [Fact]
    public void PullWithMinStepsDone_IsAnsweredOnlyOnceEveryLiveWorkerHasThatManyStepsApplied()
    {
        var shard = StartShard();
        var worker = CreateTestProbe();
        Push(shard, 0, 0);
        Push(shard, 0, 1); // worker 0 has 2 steps applied, worker 1 none
        worker.Send(shard, new PullParameters(0, 0, 0, false, MinStepsDone: 1, Request: 7));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Push(shard, 1, 0); // now both have at least 1
        var answer = Enumerable.Range(0, Chunks).Select(_ => worker.ExpectMsg<ParameterChunk>()).ToList();
        Assert.All(answer, c => Assert.Equal((7L, 3L), (c.Request, c.Version)));
        Assert.Equal(Chunks, answer.Select(c => c.Offset).Distinct().Count());
    }

    [Fact]
    public void PullWithoutCondition_IsAnsweredAtOnce()
    {
        var shard = StartShard();
        var worker = CreateTestProbe();
        Push(shard, 0, 0);
        worker.Send(shard, new PullParameters(0, 0, 0, false, MinStepsDone: 0, Request: 1));
        Assert.Equal(1L, worker.ExpectMsg<ParameterChunk>().Version);
    }

    private static float[] Initial(int length) => Enumerable.Range(0, length).Select(i => 0.001f * i - 0.3f).ToArray();

    private static float[] Unwritten(int length) => Enumerable.Repeat(float.NaN, length).ToArray();

    [Fact]
    public void WaitingPullWithReplica_IsWrittenIntoIt_AndMatchesTheValuesAnswer()
    {
        var range = _setup.Shards[0];
        var shard = StartShard(initial: Initial(range.Length));
        var worker = CreateTestProbe();
        worker.Send(shard, new PullParameters(0, 0, 0, false, 0, Request: 1));
        var expected = new float[range.End];
        foreach (var chunk in Enumerable.Range(0, Chunks).Select(_ => worker.ExpectMsg<ParameterChunk>()))
        {
            Assert.False(chunk.Written);
            chunk.Values.Span.CopyTo(expected.AsSpan(chunk.Offset));
        }

        var replica = Unwritten(range.End);
        worker.Send(shard, new PullParameters(0, 0, 0, false, 0, Request: 2) { Into = new ReplicaTarget(replica, 0, Computing: false) });
        var written = Enumerable.Range(0, Chunks).Select(_ => worker.ExpectMsg<ParameterChunk>()).ToList();
        Assert.All(written, c => Assert.True(c.Written && c.Values.Length == 0 && c.Request == 2));
        Assert.Equal(expected.AsSpan(range.Offset).ToArray(), replica.AsSpan(range.Offset).ToArray());
    }

    /// <summary>
    /// Sync: worker 0 asks for version 1 while still computing step 0 (Computing). Its chunks may be written into its
    /// replica only when its own incarnation's push completed them — a restarted incarnation is still reading those
    /// parameters — and never when they were done before the pull came.
    /// </summary>
    [Theory]
    [InlineData(0, false, true)]  // its own push, pull before the step is applied: written
    [InlineData(1, false, false)] // a predecessor's push completed the chunks: values
    [InlineData(0, true, false)]  // the step was applied before the pull came: values
    public void ComputingPull_IsWrittenOnlyWithChunksItsOwnIncarnationPushed(int pullIncarnation, bool pullAfterStep, bool expectWritten)
    {
        var sync = DataParallelFixture.Setup(2, Consistency.Sync, shards: 1, clipping: false);
        var range = sync.Shards[0];
        var shard = StartShard(sync, Initial(range.Length));
        var worker = CreateTestProbe();
        var replica = Unwritten(range.End);
        var pull = new PullParameters(0, 0, MinVersion: 1, false, 0, Request: 5) { Into = new ReplicaTarget(replica, pullIncarnation, Computing: true) };
        void PushStep(int pusher)
        {
            for (int offset = range.Offset; offset < range.End; offset += sync.ChunkFloats)
                shard.Tell(new GradientChunk(0, 0, pusher, 0, offset, 0, Enumerable.Repeat(0.5f, Math.Min(sync.ChunkFloats, range.End - offset)).ToArray()), TestActor);
        }

        PushStep(0); // incarnation 0 of worker 0
        if (!pullAfterStep) worker.Send(shard, pull);
        PushStep(1);
        Assert.Equal(1L, ExpectMsg<ShardApplied>(a => a.Version == 1).Version);
        if (pullAfterStep) worker.Send(shard, pull);

        var answer = Enumerable.Range(0, Chunks).Select(_ => worker.ExpectMsg<ParameterChunk>()).ToList();
        Assert.All(answer, c => Assert.Equal((expectWritten, 1L), (c.Written, c.Version)));
        if (expectWritten) Assert.DoesNotContain(replica.AsSpan(range.Offset).ToArray(), float.IsNaN);
        else Assert.All(replica, v => Assert.True(float.IsNaN(v))); // not one value written while the worker computes
        var values = answer.Where(c => !c.Written).SelectMany(c => c.Values.ToArray()).ToArray();
        if (!expectWritten) Assert.DoesNotContain(values, float.IsNaN);
    }

    /// <summary>
    /// Sync with the process's shared parameters, one worker or two: the shard loads its range there (and nothing else),
    /// updates it in place, and answers a pull that brings them with InShared chunks, one without them with the same
    /// values. The version before stays answerable for a redone step, and while a step is half applied a pull for the
    /// current version gets the updated chunks' previous values and the others in the shared parameters. The pushed
    /// gradients, lent, are only read. Expected values come from the first momentum step's closed form, p − lr·g.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SyncShard_UpdatesTheSharedParametersInPlace_AndKeepsTheVersionBeforeForARedo(int workers)
    {
        var sync = DataParallelFixture.Setup(2, Consistency.Sync, shards: 2, clipping: false);
        var range = sync.Shards[0];
        int chunks = ChunksOf(sync);
        Assert.True(chunks >= 2, "the test needs a shard of several chunks");
        var initial = Initial(range.Length);
        var shared = new SharedParameters(0, sync.ParameterCount);
        Array.Fill(shared.Vector.Values, float.NaN);
        var shard = StartShard(sync, initial, live: Enumerable.Range(0, workers).ToArray(), shared: shared);
        float[] Range() => shared.Vector.Values.AsSpan(range.Offset, range.Length).ToArray();
        Assert.Equal(initial, Range());
        Assert.All(shared.Vector.Values.AsSpan(range.End).ToArray(), v => Assert.True(float.IsNaN(v))); // shard 1's keys
        var lent = new List<float[]>();
        void Push(int worker, long step, int chunk)
        {
            var gradient = Enumerable.Repeat(0.25f * (worker + 1), Math.Min(sync.ChunkFloats, range.Length - chunk * sync.ChunkFloats)).ToArray();
            lent.Add(gradient);
            shard.Tell(new GradientChunk(0, step, worker, 0, range.Offset + chunk * sync.ChunkFloats, 0, gradient) { Lent = true }, TestActor);
        }
        for (int chunk = 0; chunk < chunks; chunk++)
            for (int worker = 0; worker < workers; worker++)
                Push(worker, 0, chunk);
        Assert.Equal(1L, ExpectMsg<ShardApplied>(a => a.Version == 1).Version);
        float learningRate = (float)sync.Schedule.At(0), gradientSum = workers == 1 ? 0.25f : 0.75f;
        var version1 = initial.Select(p => p - learningRate * gradientSum).ToArray();
        Assert.All(Range().Zip(version1), pair => Assert.Equal(pair.Second, pair.First, 1e-6f));

        var reader = CreateTestProbe();
        float[] Answer(long version, long request, bool withShared, int expectInShared)
        {
            reader.Send(shard, new PullParameters(0, 0, version, false, 0, request) { Shared = withShared ? shared : null });
            var answer = Enumerable.Range(0, chunks).Select(_ => reader.ExpectMsg<ParameterChunk>()).ToList();
            Assert.All(answer, c => Assert.Equal((version, request), (c.Version, c.Request)));
            Assert.Equal(expectInShared, answer.Count(c => c.InShared));
            var values = Range();
            foreach (var chunk in answer.Where(c => !c.InShared)) chunk.Values.Span.CopyTo(values.AsSpan(chunk.Offset - range.Offset));
            return values;
        }
        Assert.Equal(Range(), Answer(1, 1, withShared: true, expectInShared: chunks));
        Assert.All(Answer(1, 2, withShared: false, expectInShared: 0).Zip(version1), pair => Assert.Equal(pair.Second, pair.First, 1e-6f));
        Assert.Equal(initial, Answer(0, 3, withShared: true, expectInShared: 0)); // the version before, for a redo

        for (int worker = 0; worker < workers; worker++) Push(worker, 1, 0); // step 1 of the first chunk only: applied, the rest still at version 1
        var atVersion1 = Answer(1, 4, withShared: true, expectInShared: chunks - 1); // after the push in the shard's mailbox
        Assert.All(atVersion1.Zip(version1), pair => Assert.Equal(pair.Second, pair.First, 1e-6f));
        Assert.NotEqual(version1[0], shared.Vector.Values[range.Offset]);
        Assert.All(lent, gradient => Assert.All(gradient, g => Assert.True(g is 0.25f or 0.5f))); // read, never written
    }

    /// <summary>
    /// Sync, a lone worker pushing whole steps: its push is the shard's whole range, applied in place in one pass (to the
    /// closed form p − lr·g) and answered, to a worker on the shared parameters, in one InShared message covering the
    /// range. The lent gradient is only read. A push of less than the range is refused, naming it.
    /// </summary>
    [Fact]
    public void WholeStepPush_IsAppliedInOnePass_AndAnsweredInOneMessage()
    {
        var whole = DataParallelFixture.Setup(1, Consistency.Sync, shards: 2, clipping: false) with { PushWholeSteps = true };
        var range = whole.Shards[0];
        Assert.True(ChunksOf(whole) >= 2, "the test needs a shard of several chunks");
        var initial = Initial(range.Length);
        var shared = new SharedParameters(0, whole.ParameterCount);
        var shard = StartShard(whole, initial, live: [0], shared: shared);
        var worker = CreateTestProbe();
        worker.Send(shard, new PullParameters(0, 0, MinVersion: 1, false, 0, Request: 1) { Shared = shared });
        var gradient = Enumerable.Repeat(0.25f, range.Length).ToArray();
        shard.Tell(new GradientChunk(0, 0, 0, 0, range.Offset, 0, gradient) { Lent = true }, TestActor);
        Assert.Equal(1L, ExpectMsg<ShardApplied>(a => a.Version == 1).Version);
        var answer = worker.ExpectMsg<ParameterChunk>();
        Assert.True(answer.InShared);
        Assert.Equal((1L, 1L, range.Offset, range.Length), (answer.Version, answer.Request, answer.Offset, answer.SharedLength));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one message for the whole range
        float learningRate = (float)whole.Schedule.At(0);
        Assert.All(shared.Vector.Values.AsSpan(range.Offset, range.Length).ToArray().Zip(initial), pair => Assert.Equal(pair.Second - learningRate * 0.25f, pair.First, 1e-6f));
        Assert.All(gradient, g => Assert.Equal(0.25f, g));

        Watch(shard);
        EventFilter.Exception<InvalidOperationException>(contains: $"got a push of [{range.Offset}, {range.Offset + whole.ChunkFloats}) in a run that pushes whole steps")
            .ExpectOne(() => shard.Tell(new GradientChunk(0, 1, 0, 0, range.Offset, 0, new float[whole.ChunkFloats]), TestActor));
        ExpectTerminated(shard);
    }

    /// <summary>
    /// With whole steps no shard keeps the version before, since no worker can find one a step ahead: a pull for it
    /// means that broke, and the shard fails naming it (its supervisor restarts it from its checkpoint) instead of
    /// leaving the worker to wait for the step-timeout.
    /// </summary>
    [Fact]
    public void WholeStepShard_AskedForTheVersionBefore_FailsNamingIt()
    {
        var whole = DataParallelFixture.Setup(1, Consistency.Sync, shards: 2, clipping: false) with { PushWholeSteps = true };
        var range = whole.Shards[0];
        var shared = new SharedParameters(0, whole.ParameterCount);
        var shard = StartShard(whole, Initial(range.Length), live: [0], shared: shared);
        shard.Tell(new GradientChunk(0, 0, 0, 0, range.Offset, 0, new float[range.Length]), TestActor);
        Assert.Equal(1L, ExpectMsg<ShardApplied>(a => a.Version == 1).Version);
        Watch(shard);
        EventFilter.Exception<InvalidOperationException>(contains: "stands at step 1, past step 0 that worker 0 asks for")
            .ExpectOne(() => shard.Tell(new PullParameters(0, 0, MinVersion: 0, false, 0, Request: 1) { Shared = shared }, TestActor));
        ExpectTerminated(shard);
    }

    /// <summary>
    /// The test instrument for the in-place updates: a watched worker computing on the shared parameters, done with them
    /// from the second chunk on, sees no record when the shard updates that chunk, and one when it updates the first.
    /// </summary>
    [Fact]
    public void SyncInPlaceUpdate_OfAChunkAWatchedWorkerStillReads_IsRecorded()
    {
        var sync = DataParallelFixture.Setup(2, Consistency.Sync, shards: 2, clipping: false);
        var range = sync.Shards[0];
        var shared = new SharedParameters(0, sync.ParameterCount);
        var shard = StartShard(sync, Initial(range.Length), live: [0], shared: shared);
        const int marker = 777; // a worker id no run uses: the violations queue is the whole test process's
        var watch = new ReplicaWatch(marker);
        watch.StartComputing();
        watch.Release(range.Offset + sync.ChunkFloats);
        var worker = CreateTestProbe();
        worker.Send(shard, new PullParameters(0, 0, MinVersion: 1, false, 0, Request: 1) { Shared = shared, Watch = watch });
        List<string> Recorded()
        {
            Assert.Equal(1L, worker.ExpectMsg<ParameterChunk>().Version); // the update is done once it is answered
            var all = new List<string>();
            while (ReplicaWatch.Violations.TryDequeue(out var v)) all.Add(v);
            foreach (var other in all.Where(v => !v.Contains($"worker {marker}"))) ReplicaWatch.Violations.Enqueue(other);
            return all.Where(v => v.Contains($"worker {marker}")).ToList();
        }
        GradientChunk Chunk(int index) => new(0, 0, 0, 0, range.Offset + index * sync.ChunkFloats, 0, new float[Math.Min(sync.ChunkFloats, range.Length - index * sync.ChunkFloats)]);

        shard.Tell(Chunk(1), TestActor);
        Assert.Empty(Recorded());
        shard.Tell(Chunk(0), TestActor);
        Assert.Contains($"shard 0, in place wrote [{range.Offset}, {range.Offset + sync.ChunkFloats})", Assert.Single(Recorded().Distinct()));
    }

    private static int ChunksOf(DataParallelSetup setup) => (setup.Shards[0].Length + setup.ChunkFloats - 1) / setup.ChunkFloats;

    /// <summary>
    /// A non-finite gradient (a step whose loss was finite but whose backward pass overflowed) is not applied: the shard
    /// reports the divergence to its parent and applies, answers and saves nothing from then on.
    /// </summary>
    [Fact]
    public void NonFiniteGradient_IsNotApplied_AndStopsTheShard()
    {
        var shard = StartShard();
        var worker = CreateTestProbe();
        var range = _setup.Shards[0];
        var bad = new float[Math.Min(_setup.ChunkFloats, range.Length)];
        bad[^1] = float.PositiveInfinity;
        shard.Tell(new GradientChunk(0, 0, 1, 0, range.Offset, 0, bad), TestActor);
        var diverged = ExpectMsg<Diverged>();
        Assert.Equal((1, 1L), (diverged.Worker, diverged.Step));
        Assert.Contains($"the gradient, or its update, of parameters [{range.Offset}, {range.Offset + bad.Length}) is not finite", diverged.Detail);

        Push(shard, 0, 0); // a finite push after it: ignored too
        worker.Send(shard, new PullParameters(0, 0, 1, false, 0, Request: 1));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // version 1 never comes
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Sync with clipping: a non-finite global norm (another shard's gradient overflowed) would scale every update to NaN
    /// while this shard's own gradient is finite. The shard refuses it: no version, no answer, only the divergence.
    /// </summary>
    [Fact]
    public void NonFiniteGlobalNorm_IsNotApplied()
    {
        var sync = DataParallelFixture.Setup(1, Consistency.Sync, shards: 1, clipping: true);
        var range = sync.Shards[0];
        var shard = StartShard(sync, Initial(range.Length), live: [0]);
        for (int offset = range.Offset; offset < range.End; offset += sync.ChunkFloats)
            shard.Tell(new GradientChunk(0, 0, 0, 0, offset, 0, Enumerable.Repeat(0.5f, Math.Min(sync.ChunkFloats, range.End - offset)).ToArray()), TestActor);
        Assert.True(float.IsFinite((float)ExpectMsg<NormPartial>().SumOfSquares));
        shard.Tell(new GlobalNorm(0, 0, double.NaN), TestActor);
        Assert.Contains("is not finite", ExpectMsg<Diverged>().Detail);

        var worker = CreateTestProbe();
        worker.Send(shard, new PullParameters(0, 0, 1, false, 0, Request: 1));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no ShardApplied for version 1
    }
}

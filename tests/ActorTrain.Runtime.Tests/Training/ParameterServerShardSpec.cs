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
    private IActorRef StartShard(DataParallelSetup? setup = null, float[]? initial = null, int[]? live = null, VersionRing? versions = null)
    {
        setup ??= _setup;
        initial ??= new float[setup.Shards[0].Length];
        var shard = ChildActorOf(Props.Create(() => new ParameterServerShard(setup, 0, initial, null, versions)), SupervisorStrategy.StoppingStrategy);
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
    /// Sync with the process's version ring: a pull that brings the ring is answered with InRing chunks, and the slot of
    /// the version holds exactly the values a pull without it gets. The update writes the next version's slot only: the
    /// version before stays in its own (a worker that redoes the step reads it), and so does every key outside the shard.
    /// </summary>
    [Fact]
    public void SyncPullWithTheRing_IsAnsweredInRing_WithTheValuesOfAPullWithout()
    {
        var sync = DataParallelFixture.Setup(2, Consistency.Sync, shards: 2, clipping: false);
        var range = sync.Shards[0];
        var initial = Initial(range.Length);
        var ring = new VersionRing(0, sync.ParameterCount);
        for (int slot = 0; slot < VersionRing.Slots; slot++) Array.Fill(ring.Slot(slot).Values, float.NaN);
        var shard = StartShard(sync, initial, versions: ring);
        for (int worker = 0; worker < 2; worker++)
            for (int offset = range.Offset; offset < range.End; offset += sync.ChunkFloats)
                shard.Tell(new GradientChunk(0, 0, worker, 0, offset, 0, Enumerable.Repeat(0.25f * (worker + 1), Math.Min(sync.ChunkFloats, range.End - offset)).ToArray()), TestActor);
        Assert.Equal(1L, ExpectMsg<ShardApplied>(a => a.Version == 1).Version);

        var reader = CreateTestProbe();
        reader.Send(shard, new PullParameters(0, 0, MinVersion: 1, false, 0, Request: 1) { Versions = ring });
        var inRing = Enumerable.Range(0, ChunksOf(sync)).Select(_ => reader.ExpectMsg<ParameterChunk>()).ToList();
        Assert.All(inRing, c => Assert.True(c.InRing && !c.Written && c.Values.IsEmpty && c.Version == 1));
        reader.Send(shard, new PullParameters(0, 1, MinVersion: 1, false, 0, Request: 2));
        var values = new float[range.Length];
        foreach (var chunk in Enumerable.Range(0, ChunksOf(sync)).Select(_ => reader.ExpectMsg<ParameterChunk>()))
        {
            Assert.False(chunk.InRing);
            chunk.Values.Span.CopyTo(values.AsSpan(chunk.Offset - range.Offset));
        }
        Assert.Equal(values, ring.Slot(1).Values.AsSpan(range.Offset, range.Length).ToArray());
        Assert.NotEqual(initial, values); // the step changed them
        Assert.Equal(initial, ring.Slot(0).Values.AsSpan(range.Offset, range.Length).ToArray());
        Assert.All(ring.Slot(1).Values.AsSpan(range.End).ToArray(), v => Assert.True(float.IsNaN(v))); // shard 1's keys
        Assert.All(ring.Slot(2).Values, v => Assert.True(float.IsNaN(v)));
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

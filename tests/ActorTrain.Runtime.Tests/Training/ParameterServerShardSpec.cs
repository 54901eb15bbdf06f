namespace ActorTrain.Runtime.Tests.Training;

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Training.DataParallel;
using ActorTrain.TestKit;

/// <summary>One server shard driven message by message, in bounded mode: the stale-synchronous read condition of a pull.</summary>
public sealed class ParameterServerShardSpec : TestKit
{
    private readonly DataParallelSetup _setup = DataParallelFixture.Setup(2, Consistency.Bounded, shards: 1, clipping: false);

    private IActorRef StartShard()
    {
        int length = _setup.Shards[0].Length;
        var shard = ChildActorOf(Props.Create(() => new ParameterServerShard(_setup, 0, new float[length], null)), SupervisorStrategy.StoppingStrategy);
        shard.Tell(new Plan(0, [0, 1], 0, false, []), TestActor);
        ExpectMsg<ShardApplied>(); // the plan's acknowledgement, through the parent
        return shard;
    }

    private void Push(IActorRef shard, int worker, long step)
    {
        var range = _setup.Shards[0];
        for (int offset = range.Offset; offset < range.End; offset += _setup.ChunkFloats)
            shard.Tell(new GradientChunk(0, step, worker, 0, offset, 0, new float[Math.Min(_setup.ChunkFloats, range.End - offset)]), TestActor);
    }

    private int Chunks => (_setup.Shards[0].Length + _setup.ChunkFloats - 1) / _setup.ChunkFloats;

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
}

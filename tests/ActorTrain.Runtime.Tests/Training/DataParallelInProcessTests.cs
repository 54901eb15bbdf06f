using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Data parallelism with serialize-messages off, as <c>actortrain train</c> runs on one host: messages share their arrays
/// instead of carrying copies, gradient chunks come from and go back to <see cref="ChunkPool"/>, sync shards recycle
/// the parameter copies of two versions back, and async shards lend each worker its own. A chunk recycled while still
/// read would change the numbers, so each run must equal, bit for bit, the same run with every message serialized
/// (which <see cref="DataParallelTests"/> holds to the single-device loop).
/// </summary>
public sealed class DataParallelInProcessTests
{
    [Theory]
    [InlineData(1, 2, false, ShardDispatcher.Auto)]
    [InlineData(2, 2, false, ShardDispatcher.Auto)]
    [InlineData(2, 2, true, ShardDispatcher.Auto)]
    [InlineData(4, 3, false, ShardDispatcher.CallingThread)]
    [InlineData(3, 2, true, ShardDispatcher.CallingThread)]
    public void Sync_InProcess_IsBitwiseTheSerializedRun(int workers, int shards, bool clipping, ShardDispatcher dispatcher)
    {
        var setup = DataParallelFixture.Setup(workers, shards: shards, clipping: clipping, epochs: 3) with { ShardDispatcher = dispatcher };
        var serialized = DataParallelTrainer.Run(setup, serializeMessages: true);
        var inProcess = DataParallelTrainer.Run(setup, serializeMessages: false);
        Assert.Equal(setup.TotalSteps, inProcess.Steps);
        Assert.Equal(serialized.Parameters, inProcess.Parameters);
    }

    [Theory]
    [InlineData(Consistency.Async, ShardDispatcher.Auto)]
    [InlineData(Consistency.Bounded, ShardDispatcher.ThreadPool)]
    public void AsyncModes_InProcessOneWorkerPullingEveryStep_EqualSync(Consistency consistency, ShardDispatcher dispatcher)
    {
        // One replica is never stale, so the lent parameter chunks must bring back exactly sync's values.
        var setup = DataParallelFixture.Setup(1, consistency, shards: 2, epochs: 3) with { ShardDispatcher = dispatcher };
        var sync = DataParallelTrainer.Run(setup with { Consistency = Consistency.Sync }, serializeMessages: true);
        var inProcess = DataParallelTrainer.Run(setup, serializeMessages: false);
        Assert.Equal(sync.Parameters, inProcess.Parameters);
    }
}

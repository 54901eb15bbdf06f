using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Data parallelism with serialize-messages off, as <c>actortrain train</c> runs on one host: messages share their arrays
/// instead of carrying copies, gradient chunks come from and go back to <see cref="ChunkPool"/>, sync shards update the
/// parameters the workers compute on in place (<see cref="SharedParameters"/>) and keep the version before in their own
/// sum buffers, async shards lend each worker its own copy and write parameters into the workers' replicas themselves
/// (<see cref="ReplicaTarget"/>). A chunk updated or recycled while still read, or a replica written while a worker
/// computes on it, would change the numbers, so each run must equal, bit for bit, the same run with every message
/// serialized (which <see cref="DataParallelTests"/> holds to the single-device loop).
/// </summary>
public sealed class DataParallelInProcessTests
{
    [Theory]
    [InlineData(1, 2, false, ShardDispatcher.Auto)]
    [InlineData(1, 3, false, ShardDispatcher.CallingThread)] // whole steps: each shard's range answered in one message
    [InlineData(2, 2, false, ShardDispatcher.Auto)]
    [InlineData(2, 2, true, ShardDispatcher.Auto)]
    [InlineData(4, 3, false, ShardDispatcher.CallingThread)]
    [InlineData(3, 2, true, ShardDispatcher.CallingThread)]
    [InlineData(1, 2, false, ShardDispatcher.ThreadPool, true)] // the first layer pushed in blocks, each written back while the next computes
    [InlineData(3, 2, false, ShardDispatcher.ThreadPool, true)]
    public void Sync_InProcess_IsBitwiseTheSerializedRun(int workers, int shards, bool clipping, ShardDispatcher dispatcher, bool pushWithinLayers = false)
    {
        var setup = DataParallelFixture.Setup(workers, shards: shards, clipping: clipping, epochs: 3) with { ShardDispatcher = dispatcher, PushWithinLayers = pushWithinLayers ? true : null };
        var serialized = DataParallelTrainer.Run(setup, serializeMessages: true);
        var inProcess = DataParallelTrainer.Run(setup, serializeMessages: false);
        PoisonReleasedChunks.AssertNoRaces(); // first: a race is named as one, not only by the numbers it changed
        Assert.Equal(setup.TotalSteps, inProcess.Steps);
        Assert.Equal(serialized.Parameters, inProcess.Parameters);
        // Serialized pulls carry no shared parameters; in process every chunk is answered there, none as values.
        Assert.Equal(0, serialized.Statistics!.ParametersWrittenFraction);
        Assert.Equal(1, inProcess.Statistics!.ParametersWrittenFraction);
    }

    /// <summary>
    /// Several micro-batches per step (only the last one pushes during its backward pass) and SyncBatchNorm (replicas
    /// meet mid-forward): computing on the shared parameters must still give bitwise the serialized run.
    /// </summary>
    [Theory]
    [InlineData(3, false)]
    [InlineData(1, true)]
    public void Sync_InProcessWithAccumulationOrSyncBatchNorm_IsBitwiseTheSerializedRun(int accumulation, bool syncBatchNorm)
    {
        var setup = DataParallelFixture.Setup(2, shards: 2, accumulation: accumulation, batchNorm: syncBatchNorm, clipping: false) with { SyncBatchNorm = syncBatchNorm };
        var serialized = DataParallelTrainer.Run(setup, serializeMessages: true);
        var inProcess = DataParallelTrainer.Run(setup, serializeMessages: false);
        Assert.Equal(serialized.Parameters, inProcess.Parameters);
        Assert.Equal(1, inProcess.Statistics!.ParametersWrittenFraction);
        PoisonReleasedChunks.AssertNoRaces();
    }

    /// <summary>
    /// Async modes with several workers, accumulation and pulls every other step: not reproducible, so the watch judges.
    /// Without clipping each push goes out in blocks during the backward pass, and shards write the computing replicas.
    /// </summary>
    [Theory]
    [InlineData(Consistency.Async, true)]
    [InlineData(Consistency.Bounded, true)]
    [InlineData(Consistency.Async, false)]
    [InlineData(Consistency.Bounded, false)]
    public void AsyncModes_InProcessWithSeveralWorkers_NeverWriteIntoAComputingReplica(Consistency consistency, bool clipping)
    {
        var setup = DataParallelFixture.Setup(3, consistency, shards: 2, accumulation: 2, epochs: 3, clipping: clipping) with
        {
            PullEvery = 2,
            PushWithinLayers = true,
            ShardDispatcher = ShardDispatcher.ThreadPool,
        };
        var result = DataParallelTrainer.Run(setup, serializeMessages: false);
        Assert.Equal(setup.TotalSteps, result.Steps);
        Assert.InRange(result.Statistics!.ParametersWrittenFraction, 0.5, 1);
        Assert.DoesNotContain(result.Parameters, v => !float.IsFinite(v));
        PoisonReleasedChunks.AssertNoRaces();
    }

    [Theory]
    [InlineData(Consistency.Async, ShardDispatcher.Auto)]
    [InlineData(Consistency.Bounded, ShardDispatcher.ThreadPool)]
    public void AsyncModes_InProcessOneWorkerPullingEveryStep_EqualSync(Consistency consistency, ShardDispatcher dispatcher)
    {
        // One replica is never stale, so the lent parameter chunks must bring back exactly sync's values (both computing
        // the weight gradient whole: pushing within layers changes its last bits).
        var setup = DataParallelFixture.Setup(1, consistency, shards: 2, epochs: 3) with { ShardDispatcher = dispatcher, PushWithinLayers = false };
        var sync = DataParallelTrainer.Run(setup with { Consistency = Consistency.Sync }, serializeMessages: true);
        var inProcess = DataParallelTrainer.Run(setup, serializeMessages: false);
        Assert.Equal(sync.Parameters, inProcess.Parameters);
        Assert.InRange(inProcess.Statistics!.ParametersWrittenFraction, 0.5, 1);
        PoisonReleasedChunks.AssertNoRaces();
    }
}

public sealed class DataParallelRaggedBatchTests
{
    private static DataParallelSetup Ragged(int workers, int samples, bool batchNorm, bool syncBatchNorm) =>
        DataParallelFixture.Setup(workers, batchNorm: batchNorm, training: DataParallelFixture.Blobs(samples, 1), clipping: false) with
        {
            SyncBatchNorm = syncBatchNorm,
        };

    [Theory]
    [InlineData(2, 241, false, false)] // a 1-row last batch: one replica has none
    [InlineData(2, 240 + 4, true, true)]  // 4 rows: synchronized statistics over 2 + 2
    [InlineData(3, 240 + 3, true, true)]  // 3 rows: 1 + 1 + 1, statistics over all 3
    public void Sync_RaggedLastBatch_EqualsSingleDevice(int workers, int samples, bool batchNorm, bool syncBatchNorm)
    {
        var setup = Ragged(workers, samples, batchNorm, syncBatchNorm);
        var result = DataParallelTrainer.Run(setup, serializeMessages: true);
        Assert.Equal(0, result.WorkerRestarts);
        DataParallelFixture.AssertClose(DataParallelFixture.SingleDevice(setup), result.Parameters, 1e-4);
    }

    [Fact]
    public void Sync_RaggedLastBatchWithPerReplicaBatchNorm_Completes()
    {
        // 4 rows: each replica normalizes its own 2 (per-replica statistics differ from one device's by design).
        var setup = Ragged(2, 244, batchNorm: true, syncBatchNorm: false);
        var result = DataParallelTrainer.Run(setup, serializeMessages: true);
        Assert.Equal((0, setup.TotalSteps), (result.WorkerRestarts, result.Steps));
        Assert.All(result.Parameters, p => Assert.True(float.IsFinite(p)));
    }

    [Theory]
    [InlineData(2, 241, true, "needs at least 2 rows")]                      // 1 row in all
    [InlineData(4, 243, true, "needs a row on every replica")]               // 3 rows, 4 replicas: one would skip the reductions
    [InlineData(2, 243, false, "needs at least 2 rows on each replica")]     // 3 rows: 1 + 2, per-replica statistics of 1 row
    public void BatchNormWithTooFewRowsInTheLastBatch_IsRefusedUpFrontWithTheSizes(int workers, int samples, bool syncBatchNorm, string problem)
    {
        var setup = Ragged(workers, samples, batchNorm: true, syncBatchNorm);
        var e = Assert.Throws<ArgumentException>(() => DataParallelTrainer.Run(setup, serializeMessages: true));
        Assert.Contains(problem, e.Message);
        Assert.Contains($"the last batch of each epoch ({samples} samples in batches of 24)", e.Message);
    }
}

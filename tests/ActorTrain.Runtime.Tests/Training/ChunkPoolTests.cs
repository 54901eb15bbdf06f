using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

public sealed class ChunkPoolTests
{
    [Fact]
    public void Rent_AfterReturnOfTheSameLength_ReusesTheArray()
    {
        var pool = new ChunkPool();
        var first = pool.Rent(100);
        pool.Return(first);
        Assert.Same(first, pool.Rent(100));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Rent_OtherLength_NeverHandsOutAnArrayOfAnotherLength()
    {
        var pool = new ChunkPool();
        pool.Return(new float[64]);
        var other = pool.Rent(65);
        Assert.Equal(65, other.Length);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Return_BeyondTheCap_DropsTheArray()
    {
        var pool = new ChunkPool();
        for (int i = 0; i <= ChunkPool.MaxPerLength; i++) pool.Return(new float[8]);
        pool.Return([]);
        Assert.Equal(ChunkPool.MaxPerLength, pool.Count);
    }

    [Fact]
    public void RentAndReturn_FromManyThreads_NeverHandOneArrayToTwoRenters()
    {
        var pool = new ChunkPool();
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<float[], int>(ReferenceEqualityComparer.Instance);
        int clashes = 0;
        Parallel.For(0, 4, thread =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                var array = pool.Rent(16);
                if (!owners.TryAdd(array, thread)) Interlocked.Increment(ref clashes);
                owners.TryRemove(array, out _);
                pool.Return(array);
            }
        });
        Assert.Equal(0, clashes);
    }
}

public sealed class RunCountersTests
{
    [Fact]
    public void Snapshot_SplitsEachWorkersTimeIntoComputeIdleAndHeld()
    {
        var counters = new RunCounters(workers: 2, shards: 1);
        counters.Worker(0, computeTicks: 600, waitTicks: 300, heldTicks: 100);
        counters.Worker(0, computeTicks: 400, waitTicks: 0);
        counters.Worker(1, computeTicks: 50, waitTicks: 50);
        var stats = counters.Snapshot();
        Assert.Equal([300 / 1400.0, 0.5], stats.WorkerIdleFraction);
        Assert.Equal([100 / 1400.0, 0.0], stats.WorkerHeldFraction);
    }
}

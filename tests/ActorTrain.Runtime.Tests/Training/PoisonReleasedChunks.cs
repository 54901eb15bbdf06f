using System.Runtime.CompilerServices;
using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Every data-parallel run in these tests poisons the chunks it lets go (<see cref="ChunkPool.PoisonReleased"/>): a
/// read after release makes NaN, which the equivalence and accuracy tests cannot miss. And every in-process run watches
/// the shards' writes into the workers' replicas (<see cref="ReplicaWatch"/>): <see cref="AssertNoRaces"/> fails on any
/// write into parameters a worker was still computing on, whatever it did to the numbers.
/// </summary>
internal static class PoisonReleasedChunks
{
    [ModuleInitializer]
    internal static void Enable()
    {
        ChunkPool.PoisonReleased = true;
        ReplicaWatch.Enabled = true;
    }

    /// <summary>Fails with the writes recorded so far (by any run of the test process, so a race never goes unseen).</summary>
    public static void AssertNoRaces()
    {
        var races = new List<string>();
        while (ReplicaWatch.Violations.TryDequeue(out var race)) races.Add(race);
        Assert.True(races.Count == 0, $"{races.Count} writes into a computing replica, e.g. {string.Join("; ", races.Take(3))}");
    }
}

using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>A shard's per-chunk bookkeeping of a sync step: when a chunk is complete, and what it holds meanwhile.</summary>
public sealed class SyncStepChunksTests
{
    private static GradientChunk Push(int worker, int incarnation = 0) => new(0, 3, worker, incarnation, 0, 0, new float[] { 1f });

    [Fact]
    public void Add_EveryLiveWorkersCopy_CompletesTheChunkOnceAndCountsWhatWaits()
    {
        var step = new SyncStepChunks(chunks: 2, workers: 3);
        int[] live = [0, 2];
        Assert.False(step.Add(0, Push(2), live));
        Assert.False(step.Add(1, Push(0), live));
        Assert.Equal(2, step.Held);
        Assert.True(step.Add(0, Push(0), live)); // worker 1 is not live: chunk 0 is complete
        step.MarkDone(0);
        Assert.Equal(1, step.Held);
        Assert.False(step.Add(0, Push(2), live)); // a repeat of a done chunk is ignored
        Assert.Equal((1, false), (step.Done, step.AllDone));
    }

    [Fact]
    public void Add_OlderIncarnation_DoesNotReplaceANewerOne()
    {
        var step = new SyncStepChunks(chunks: 1, workers: 2);
        step.Add(0, Push(0, incarnation: 1), [0, 1]);
        step.Add(0, Push(0, incarnation: 0), [0, 1]);
        Assert.Equal(1, step.Push(0, 0).Incarnation);
        Assert.Equal(1, step.Held);
    }

    [Fact]
    public void DropPushes_KeepsDoneChunksAndForgetsHeldOnes()
    {
        var step = new SyncStepChunks(chunks: 2, workers: 2);
        step.Add(0, Push(0), [0]);
        step.MarkDone(0);
        step.Add(1, Push(0), [0, 1]);
        step.DropPushes();
        Assert.Equal((0, 1), (step.Held, step.Done));
        Assert.False(step.Add(1, Push(0), [0, 1])); // worker 1's copy is needed again
    }
}

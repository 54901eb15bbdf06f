using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>The data-parallel protocol through its registry: what serialize-messages and remoting put on the wire.</summary>
public sealed class ProtocolCodecTests
{
    private static readonly Runtime.Remote.Serialization.MessageRegistry Registry = ProtocolRegistry.Create();

    [Fact]
    public void GradientChunk_LentSliceOfAWorkersGradient_TravelsAsItsValuesOnlyAndArrivesOwned()
    {
        var gradient = Enumerable.Range(0, 100).Select(i => i * 0.25f - 7f).ToArray();
        var lent = new GradientChunk(3, 41, 1, 2, 60, 1.5, gradient.AsMemory(60, 30)) { Lent = true };
        var copied = lent with { Values = gradient[60..90], Lent = false };

        byte[] bytes = Registry.Serialize(lent);
        // The same bytes as the chunk built from a copy: the view's offset and the in-process flag never reach the wire.
        Assert.Equal(Registry.Serialize(copied), bytes);
        var back = Assert.IsType<GradientChunk>(Registry.Deserialize(bytes));
        Assert.False(back.Lent); // a fresh array the receiver owns
        Assert.Equal(gradient[60..90], back.Values.ToArray());
        Assert.Equal((3, 41L, 1, 2, 60, 1.5), (back.Generation, back.Step, back.Worker, back.Incarnation, back.Offset, back.NormSquared));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(back.Values, out var segment) && segment.Offset == 0 && segment.Count == 30);
    }

    [Fact]
    public void ChunkPool_ReturnOfAGradientChunk_TakesOwnedWholeArraysButNeverALentView()
    {
        var pool = new ChunkPool();
        var gradient = new float[64];
        pool.Return(new GradientChunk(0, 0, 0, 0, 0, 0, gradient.AsMemory(0, 64)) { Lent = true });
        pool.Return(new GradientChunk(0, 0, 0, 0, 0, 0, gradient.AsMemory(16, 16)));
        Assert.Equal(0, pool.Count);
        var owned = new float[16];
        pool.Return(new GradientChunk(0, 0, 0, 0, 0, 0, owned));
        Assert.Same(owned, pool.Rent(16));
    }

    [Fact]
    public void PlanAndParameterChunk_RoundTrip()
    {
        var plan = new Plan(4, [0, 2, 3], 17, true, [0.5f, -1f]);
        var planBack = Assert.IsType<Plan>(Registry.Deserialize(Registry.Serialize(plan)));
        Assert.Equal((plan.Generation, plan.Step, plan.Restore), (planBack.Generation, planBack.Step, planBack.Restore));
        Assert.Equal(plan.LiveWorkers, planBack.LiveWorkers);
        Assert.Equal(plan.State, planBack.State);

        var chunk = new ParameterChunk(4, 1, 9, 16384, [float.NaN, float.PositiveInfinity, -0f, 1e-40f], 1L << 40);
        var chunkBack = Assert.IsType<ParameterChunk>(Registry.Deserialize(Registry.Serialize(chunk)));
        Assert.Equal((chunk.Generation, chunk.Shard, chunk.Version, chunk.Offset, chunk.Request), (chunkBack.Generation, chunkBack.Shard, chunkBack.Version, chunkBack.Offset, chunkBack.Request));
        Assert.Equal(chunk.Values.Select(BitConverter.SingleToInt32Bits), chunkBack.Values.Select(BitConverter.SingleToInt32Bits));
    }
}

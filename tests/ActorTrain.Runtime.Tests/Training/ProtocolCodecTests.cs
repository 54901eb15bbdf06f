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
    public void PullWithAReplica_AndAWrittenChunk_TravelWithoutTheirInProcessParts()
    {
        var pull = new PullParameters(2, 1, 7, false, 0, 9) { Into = new ReplicaTarget(new float[10], 0, Computing: true), Shared = new SharedParameters(0, 10) };
        var back = Assert.IsType<PullParameters>(Registry.Deserialize(Registry.Serialize(pull)));
        Assert.Null(back.Into); // a remote shard answers with values
        Assert.Null(back.Shared);
        Assert.Equal(pull with { Into = null, Shared = null }, back);

        var written = new ParameterChunk(2, 0, 7, 100, ReadOnlyMemory<float>.Empty, 9) { Written = true, InShared = true };
        var chunk = Assert.IsType<ParameterChunk>(Registry.Deserialize(Registry.Serialize(written)));
        Assert.False(chunk.Written || chunk.InShared);
    }

    [Fact]
    public void ReductionStatus_RoundTrips()
    {
        var status = new ReductionStatus(4, 12, [1, 3]);
        var back = Assert.IsType<ReductionStatus>(Registry.Deserialize(Registry.Serialize(status)));
        Assert.Equal((4, 12L), (back.Generation, back.Step));
        Assert.Equal([1, 3], back.Missing);
        Assert.Equal(new ReductionStatusRequest(4), Registry.Deserialize(Registry.Serialize(new ReductionStatusRequest(4))));
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

        var chunk = new ParameterChunk(4, 1, 9, 16384, new[] { float.NaN, float.PositiveInfinity, -0f, 1e-40f }, 1L << 40);
        var chunkBack = Assert.IsType<ParameterChunk>(Registry.Deserialize(Registry.Serialize(chunk)));
        Assert.Equal((chunk.Generation, chunk.Shard, chunk.Version, chunk.Offset, chunk.Request), (chunkBack.Generation, chunkBack.Shard, chunkBack.Version, chunkBack.Offset, chunkBack.Request));
        Assert.Equal(chunk.Values.ToArray().Select(BitConverter.SingleToInt32Bits), chunkBack.Values.ToArray().Select(BitConverter.SingleToInt32Bits));
    }
}

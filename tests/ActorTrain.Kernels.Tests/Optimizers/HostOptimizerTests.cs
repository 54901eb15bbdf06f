using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Kernels.Tests.Optimizers;

/// <summary>
/// The host optimizer's out-of-place update (what a parameter-server shard keeping versions uses) against its in-place
/// update, for every optimizer, over lengths that end in a partial vector: bitwise the same parameters and state, and the
/// source left as it was.
/// </summary>
public sealed class HostOptimizerTests
{
    public static TheoryData<OptimizerKind, int> Cases()
    {
        var data = new TheoryData<OptimizerKind, int>();
        foreach (var kind in Enum.GetValues<OptimizerKind>())
            foreach (int length in new[] { 1, 37, 1000 })
                data.Add(kind, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutOfPlace_EqualsInPlace_AndLeavesTheSourceAlone(OptimizerKind kind, int length)
    {
        var random = new System.Random(length);
        float[] Values() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var update = new OptimizerUpdate { Kind = kind, LearningRate = 0.03f, Step = 3, Momentum = 0.9, WeightDecay = 0.01f, L2 = 0.001f, ClipValue = 0.8f };
        int states = OptimizerUpdate.StateVectors(kind);
        float[] parameters = Values(), gradients = Values(), state1 = states >= 1 ? Values().Select(Math.Abs).ToArray() : [], state2 = states >= 2 ? Values().Select(Math.Abs).ToArray() : [];

        float[] inPlace = (float[])parameters.Clone(), inPlace1 = (float[])state1.Clone(), inPlace2 = (float[])state2.Clone();
        HostOptimizer.Step(update, inPlace, gradients, inPlace1, inPlace2, 4f);

        float[] source = (float[])parameters.Clone(), updated = new float[length], outOfPlace1 = (float[])state1.Clone(), outOfPlace2 = (float[])state2.Clone();
        HostOptimizer.Step(update, source, updated, gradients, outOfPlace1, outOfPlace2, 4f);

        Assert.Equal(inPlace, updated);
        Assert.Equal(inPlace1, outOfPlace1);
        Assert.Equal(inPlace2, outOfPlace2);
        Assert.Equal(parameters, source);
        Assert.NotEqual(parameters, updated); // the update did move the parameters
    }

    [Fact]
    public void OutOfPlace_IntoPartlyOverlappingMemory_IsRefused()
    {
        var memory = new float[10];
        var update = new OptimizerUpdate { Kind = OptimizerKind.Sgd, LearningRate = 0.1f, Step = 1 };
        var error = Assert.Throws<ArgumentException>(() => HostOptimizer.Step(update, memory.AsSpan(0, 8), memory.AsSpan(2, 8), new float[8], default, default, 0f));
        Assert.Contains("overlaps", error.Message);
    }

    /// <summary>The update reports a non-finite gradient value wherever it sits, the vector tail included, and only then.</summary>
    [Theory]
    [InlineData(37, 0, float.NaN)]
    [InlineData(37, 36, float.PositiveInfinity)] // in the tail after the last whole vector
    [InlineData(1000, 517, float.NegativeInfinity)]
    [InlineData(1000, -1, 0f)]
    [InlineData(37, -1, 0f)]
    public void Step_ReportsWhetherTheGradientWasFinite(int length, int at, float value)
    {
        var gradients = Enumerable.Range(0, length).Select(i => 3e30f * ((i % 3) - 1)).ToArray(); // large but finite
        if (at >= 0) gradients[at] = value;
        var update = new OptimizerUpdate { Kind = OptimizerKind.Adam, LearningRate = 0.01f, Step = 1 };
        bool finite = HostOptimizer.Step(update, new float[length], gradients, new float[length], new float[length], 0f);
        Assert.Equal(at < 0, finite);
    }

    /// <summary>A finite gradient scaled by a non-finite global norm (clipping) gives NaN parameters: that is reported too.</summary>
    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public void Step_WithANonFiniteGlobalNorm_ReportsNotFinite(int length)
    {
        var update = new OptimizerUpdate { Kind = OptimizerKind.Sgd, LearningRate = 0.1f, Step = 1, MaxGradientNorm = 1f };
        var gradients = Enumerable.Repeat(0.5f, length).ToArray();
        Assert.True(HostOptimizer.Step(update, new float[length], gradients, default, default, 4f));
        Assert.False(HostOptimizer.Step(update, new float[length], gradients, default, default, float.NaN));
    }
}

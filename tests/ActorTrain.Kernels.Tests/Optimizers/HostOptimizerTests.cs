using ActorTrain.Kernels.Ops;
using ActorTrain.Kernels.Training;

namespace ActorTrain.Kernels.Tests.Optimizers;

/// <summary>
/// The host optimizer keeping the previous values (what a parameter-server shard stores for a redone step) against the
/// plain in-place update, for every optimizer, over lengths that end in a partial vector: bitwise the same parameters and
/// state, and the values from before the update kept — in memory of their own, or in the gradient's own memory.
/// </summary>
public sealed class HostOptimizerTests
{
    public static TheoryData<OptimizerKind, int, bool> Cases()
    {
        var data = new TheoryData<OptimizerKind, int, bool>();
        foreach (var kind in Enum.GetValues<OptimizerKind>())
            foreach (int length in new[] { 1, 37, 1000 })
                foreach (bool intoGradient in new[] { false, true })
                    data.Add(kind, length, intoGradient);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KeepingThePrevious_EqualsInPlace_AndKeepsTheValuesBefore(OptimizerKind kind, int length, bool intoGradient)
    {
        var random = new System.Random(length);
        float[] Values() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var update = new OptimizerUpdate { Kind = kind, LearningRate = 0.03f, Step = 3, Momentum = 0.9, WeightDecay = 0.01f, L2 = 0.001f, ClipValue = 0.8f };
        int states = OptimizerUpdate.StateVectors(kind);
        float[] parameters = Values(), gradients = Values(), state1 = states >= 1 ? Values().Select(Math.Abs).ToArray() : [], state2 = states >= 2 ? Values().Select(Math.Abs).ToArray() : [];

        float[] inPlace = (float[])parameters.Clone(), inPlace1 = (float[])state1.Clone(), inPlace2 = (float[])state2.Clone();
        HostOptimizer.Step(update, inPlace, gradients, inPlace1, inPlace2, 4f);

        float[] kept = (float[])parameters.Clone(), gradient = (float[])gradients.Clone(), kept1 = (float[])state1.Clone(), kept2 = (float[])state2.Clone();
        var previous = intoGradient ? gradient : new float[length];
        HostOptimizer.Step(update, kept, gradient, kept1, kept2, 4f, previous);

        Assert.Equal(inPlace, kept);
        Assert.Equal(inPlace1, kept1);
        Assert.Equal(inPlace2, kept2);
        Assert.Equal(parameters, previous);
        Assert.NotEqual(parameters, kept); // the update did move the parameters
    }

    [Fact]
    public void Previous_OfTheWrongLengthOrSharingOtherMemory_IsRefused()
    {
        var update = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.1f, Step = 1, Momentum = 0.9 };
        float[] parameters = new float[8], gradients = new float[16], state = new float[8];
        var gradient = gradients.AsSpan(0, 8);
        void Refused(float[] memory, int offset, int length) =>
            Assert.Contains("previous values", Assert.Throws<ArgumentException>(() =>
                HostOptimizer.Step(update, parameters, gradients.AsSpan(0, 8), state, default, 0f, memory.AsSpan(offset, length))).Message);
        Refused(new float[7], 0, 7);
        Refused(parameters, 0, 8);
        Refused(state, 0, 8);
        Refused(gradients, 4, 8); // part of the gradient and beyond it
        Assert.True(HostOptimizer.Step(update, parameters, gradient, state, default, 0f, gradients.AsSpan(0, 8))); // exactly the gradient: allowed
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

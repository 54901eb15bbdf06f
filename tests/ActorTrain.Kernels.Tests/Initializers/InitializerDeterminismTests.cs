using ActorTrain.Kernels.Initializers;
using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Tests.Initializers;

public sealed class InitializerDeterminismTests
{
    public static TheoryData<string> RandomKinds => new()
    {
        "normal(0.01)", "uniform(-0.1,0.1)", "xavier-uniform", "xavier-normal", "he-normal", "he-uniform", "lecun-normal",
    };

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void Fill_SameSeed_SameWeights(string name)
    {
        var init = Initializer.Parse(name);

        Assert.Equal(Fill(init, seed: 7), Fill(init, seed: 7));
    }

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void Fill_DifferentSeeds_DifferentWeights(string name)
    {
        var init = Initializer.Parse(name);
        float[] a = Fill(init, seed: 7);
        float[] b = Fill(init, seed: 8);

        // Independent continuous draws collide with negligible probability; allow a few float-rounding ties.
        int equal = a.Zip(b).Count(p => p.First == p.Second);
        Assert.True(equal < 10, $"{equal} of {a.Length} weights equal across seeds");
    }

    [Fact]
    public void Fill_ResumedFromSavedPosition_ContinuesTheSameSequence()
    {
        var init = new XavierNormalInitializer();
        var whole = new float[200];
        init.Fill(whole, 10, 20, new SeededRandom(3));

        var first = new SeededRandom(3);
        var head = new float[100];
        init.Fill(head, 10, 20, first);
        var tail = new float[100];
        init.Fill(tail, 10, 20, new SeededRandom(3, position: first.Position));

        Assert.Equal(whole, head.Concat(tail).ToArray());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    public void Fill_NonPositiveFan_ThrowsNamingTheInitializer(int fanIn, int fanOut)
    {
        foreach (IInitializer init in new IInitializer[]
                 {
                     ConstantInitializer.Zeros, new NormalInitializer(0, 1), new UniformInitializer(0, 1), new XavierUniformInitializer(),
                     new XavierNormalInitializer(), new HeNormalInitializer(), new HeUniformInitializer(), new LeCunNormalInitializer(),
                 })
        {
            var ex = Assert.Throws<ArgumentException>(() => init.Fill(new float[4], fanIn, fanOut, new SeededRandom(1)));
            Assert.Contains(init.Name, ex.Message);
        }
    }

    private static float[] Fill(IInitializer init, ulong seed)
    {
        var w = new float[4096];
        init.Fill(w, 64, 64, new SeededRandom(seed));
        return w;
    }
}

using ActorTrain.Kernels.Initializers;

namespace ActorTrain.Kernels.Tests.Initializers;

public sealed class InitializerParseTests
{
    [Theory]
    [InlineData("zeros", typeof(ConstantInitializer))]
    [InlineData("constant(0.1)", typeof(ConstantInitializer))]
    [InlineData("normal(0.01)", typeof(NormalInitializer))]
    [InlineData("uniform(-0.1,0.1)", typeof(UniformInitializer))]
    [InlineData("xavier-uniform", typeof(XavierUniformInitializer))]
    [InlineData("glorot-uniform", typeof(XavierUniformInitializer))]
    [InlineData("xavier-normal", typeof(XavierNormalInitializer))]
    [InlineData("glorot-normal", typeof(XavierNormalInitializer))]
    [InlineData("he-normal", typeof(HeNormalInitializer))]
    [InlineData("kaiming-normal", typeof(HeNormalInitializer))]
    [InlineData("he-uniform", typeof(HeUniformInitializer))]
    [InlineData("kaiming-uniform", typeof(HeUniformInitializer))]
    [InlineData("lecun-normal", typeof(LeCunNormalInitializer))]
    [InlineData("  Xavier_Uniform  ", typeof(XavierUniformInitializer))]
    public void Parse_KnownName_ReturnsThatInitializer(string name, Type expected)
    {
        Assert.IsType(expected, Initializer.Parse(name));
    }

    [Fact]
    public void Parse_Arguments_ReachTheInitializer()
    {
        Assert.Equal(0.1, Assert.IsType<ConstantInitializer>(Initializer.Parse("constant(0.1)")).Value);
        Assert.Equal(0.0, Assert.IsType<ConstantInitializer>(Initializer.Parse("zeros")).Value);

        var normal = Assert.IsType<NormalInitializer>(Initializer.Parse("normal(0.01)"));
        Assert.Equal((0.0, 0.01), (normal.Mean, normal.Std));
        var shifted = Assert.IsType<NormalInitializer>(Initializer.Parse("normal(1, 0.5)"));
        Assert.Equal((1.0, 0.5), (shifted.Mean, shifted.Std));

        var uniform = Assert.IsType<UniformInitializer>(Initializer.Parse("uniform(-0.1,0.1)"));
        Assert.Equal((-0.1, 0.1), (uniform.Low, uniform.High));

        Assert.Equal(2.0, Assert.IsType<XavierUniformInitializer>(Initializer.Parse("glorot-uniform(2)")).Gain);

        var he = Assert.IsType<HeUniformInitializer>(Initializer.Parse("kaiming_uniform(0.01, fan_out)"));
        Assert.Equal((0.01, FanMode.FanOut), (he.NegativeSlope, he.Mode));
        Assert.Equal(FanMode.FanIn, Assert.IsType<HeNormalInitializer>(Initializer.Parse("he-normal")).Mode);
    }

    [Theory]
    [InlineData("zeros")]
    [InlineData("constant(-0.25)")]
    [InlineData("normal(0.5,0.01)")]
    [InlineData("uniform(-1,3)")]
    [InlineData("xavier-uniform(1.5)")]
    [InlineData("xavier-normal")]
    [InlineData("he-normal(0.2,fan-out)")]
    [InlineData("he-uniform")]
    [InlineData("lecun-normal")]
    public void Name_ParsedAgain_GivesTheSameName(string name)
    {
        string canonical = Initializer.Parse(name).Name;

        Assert.Equal(canonical, Initializer.Parse(canonical).Name);
    }

    [Theory]
    [InlineData("xavier")]
    [InlineData("glorot")]
    [InlineData("")]
    [InlineData("constant(0.1")]
    public void Parse_UnknownName_ThrowsListingValidNames(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Parse(name));

        Assert.Contains("xavier-uniform", ex.Message);
        Assert.Contains("kaiming-normal", ex.Message);
        Assert.Contains("lecun-normal", ex.Message);
    }

    [Theory]
    [InlineData("constant", "constant")]
    [InlineData("constant(abc)", "constant")]
    [InlineData("normal(0,1,2)", "normal")]
    [InlineData("normal(0,-1)", "normal")]
    [InlineData("uniform(0.1)", "uniform")]
    [InlineData("uniform(0.1,-0.1)", "uniform")]
    [InlineData("xavier-uniform(0)", "xavier-uniform")]
    [InlineData("he-normal(0,fan-sideways)", "he-normal")]
    [InlineData("lecun-normal(1)", "lecun-normal")]
    public void Parse_BadArguments_ThrowsNamingTheInitializer(string name, string kind)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Initializer.Parse(name));

        Assert.Contains(kind, ex.Message);
    }

    [Fact]
    public void LeakyReluGain_MatchesTorchCalculateGain()
    {
        // torch.nn.init.calculate_gain('relu') = √2; ('leaky_relu', 0.01) = √(2/1.0001).
        Assert.Equal(Math.Sqrt(2.0), Initializer.LeakyReluGain(0.0), 15);
        Assert.Equal(1.4141428569978354, Initializer.LeakyReluGain(0.01), 12);
    }
}

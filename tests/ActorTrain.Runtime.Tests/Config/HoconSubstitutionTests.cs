namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

/// <summary>Substitutions, resolved after parsing against the whole tree and then the environment.</summary>
public sealed class HoconSubstitutionTests
{
    private static readonly Dictionary<string, string> Env = new() { ["HOST"] = "10.0.0.7", ["PORT"] = "2600", ["PATH"] = "/bin" };

    [Fact]
    public void Resolve_SubstitutionOfNumber_KeepsType()
    {
        var config = Hocon.Parse("a.b = 3\nc = ${a.b}");
        Assert.Equal(3, config.GetInt("c"));
        Assert.Equal("test.hocon:1:7", config.Origin("c"));
    }

    [Fact]
    public void Resolve_ForwardReference_SeesLaterValue()
    {
        Assert.Equal("late", Hocon.Parse("a = ${b}\nb = late").GetString("a"));
    }

    [Fact]
    public void Resolve_SubstitutionAfterOverride_UsesFinalValue()
    {
        Assert.Equal(2, Hocon.Parse("x = 1\ny = ${x}\nx = 2").GetInt("y"));
    }

    [Fact]
    public void Resolve_SubstitutionOfObject_CopiesTheSubtree()
    {
        var config = Hocon.Parse("defaults { lr = 0.1, momentum = 0.9 }\nadam = ${defaults} { lr = 0.001 }");
        Assert.Equal(0.001, config.GetDouble("adam.lr"));
        Assert.Equal(0.9, config.GetDouble("adam.momentum"));
    }

    [Fact]
    public void Resolve_SubstitutionInConcatenation_BuildsString()
    {
        var config = Hocon.Parse("host = example.org\nport = 80\nurl = \"http://\"${host}\":\"${port}\"/x\"\nmsg = ${host} is up");
        Assert.Equal("example.org is up", config.GetString("msg"));
        Assert.Equal("http://example.org:80/x", config.GetString("url"));
    }

    [Fact]
    public void Resolve_SiblingReferenceInsideObject_IsNotACycle()
    {
        var config = Hocon.Parse("bar { foo = 42, baz = ${bar.foo} }\nbar { foo = 43 }");
        Assert.Equal(43, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Resolve_MutuallyReferringObjects_LookForward()
    {
        var config = Hocon.Parse("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Resolve_TwoStepCycle_FailsNamingTheChain()
    {
        var error = Hocon.ParseError("a = ${b}\nb = ${a}");
        Assert.Equal("test.hocon:2:5: substitution cycle: ${b} -> ${a} -> ${b}", error.Message);
    }

    [Fact]
    public void Resolve_ThreeStepCycle_Fails()
    {
        var error = Hocon.ParseError("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Contains("substitution cycle: ${b} -> ${c} -> ${a} -> ${b}", error.Message);
    }

    [Fact]
    public void Resolve_ObjectReferringToItself_IsACycle()
    {
        var error = Hocon.ParseError("a { b = ${a} }");
        Assert.StartsWith("test.hocon:1:9: substitution cycle: ${a}", error.Message);
    }

    [Fact]
    public void Resolve_ArrayReferringToItsField_IsACycle()
    {
        Assert.Contains("substitution cycle", Hocon.ParseError("a = [1]\na = [${a}]").Message);
    }

    [Fact]
    public void Resolve_CycleThroughOptional_IsUndefined()
    {
        var config = Hocon.Parse("a = ${?b}\nb = ${?a}\nc = 1\nc = ${?d}\nd = ${?c}");
        Assert.False(config.HasPath("a"));
        Assert.False(config.HasPath("b"));
        Assert.Equal(1, config.GetInt("c"));
    }

    [Fact]
    public void Resolve_MissingRequired_FailsWithOriginAndSuggestion()
    {
        var error = Hocon.ParseError("training { epochs = 3 }\nx = ${trainng.epochs}");
        Assert.Equal(
            "test.hocon:2:5: could not resolve substitution ${trainng.epochs}: no such key and no environment variable 'trainng.epochs'; nearest keys: training.epochs",
            error.Message);
    }

    [Fact]
    public void Resolve_HiddenMissingSubstitution_IsNeverEvaluated()
    {
        Assert.Equal(42, Hocon.Parse("foo = ${does-not-exist}\nfoo = 42").GetInt("foo"));
    }

    [Fact]
    public void Resolve_OptionalEnvPresent_Overrides()
    {
        var config = Hocon.Parse("port = 2552\nport = ${?PORT}", Env);
        Assert.Equal(2600, config.GetInt("port"));
        Assert.Equal("test.hocon:2:8", config.Origin("port"));
    }

    [Fact]
    public void Resolve_OptionalEnvMissing_KeepsEarlierValue()
    {
        var config = Hocon.Parse("port = 2552\nport = ${?NO_SUCH_VAR}");
        Assert.Equal(2552, config.GetInt("port"));
    }

    [Fact]
    public void Resolve_OptionalEnvMissingWithoutEarlier_LeavesKeyUndefined()
    {
        var config = Hocon.Parse("a { host = ${?NO_SUCH_VAR} }");
        Assert.False(config.HasPath("a.host"));
        Assert.Equal("localhost", config.GetString("a.host", "localhost"));
    }

    [Fact]
    public void Resolve_OptionalMissingInArray_DropsElement()
    {
        Assert.Equal(["x", "10.0.0.7"], Hocon.Parse("a = [x, ${?NOPE}, ${?HOST}]", Env).GetStringList("a"));
    }

    [Fact]
    public void Resolve_OptionalMissingInConcatenation_BecomesEmpty()
    {
        Assert.Equal("ab", Hocon.Parse("a = a${?NOPE}b").GetString("a"));
    }

    [Fact]
    public void Resolve_RequiredNotInConfig_FallsBackToEnvironment()
    {
        Assert.Equal("10.0.0.7:2600", Hocon.Parse("addr = ${HOST}\":\"${PORT}", Env).GetString("addr"));
    }

    [Fact]
    public void Resolve_KeyInConfig_WinsOverEnvironment()
    {
        Assert.Equal("config", Hocon.Parse("HOST = config\nh = ${HOST}", Env).GetString("h"));
    }

    [Fact]
    public void Resolve_NullInConfig_HidesEnvironment()
    {
        Assert.False(Hocon.Parse("HOST = null\nh = ${HOST}", Env).HasPath("h"));
    }

    [Fact]
    public void Resolve_SelfReferenceInConcatenation_UsesEarlierValue()
    {
        var config = Hocon.Parse("path = \"a:b\"\npath = ${path}\":c\"\npath = ${path}\":d\"");
        Assert.Equal("a:b:c:d", config.GetString("path"));
    }

    [Fact]
    public void Resolve_SelfReferenceWithoutEarlier_FallsBackToEnvironment()
    {
        Assert.Equal("/bin:/usr/bin", Hocon.Parse("PATH = ${PATH}\":/usr/bin\"", Env).GetString("PATH"));
    }

    [Fact]
    public void Resolve_SelfReferenceAlone_IsAnErrorNotAHang()
    {
        Assert.Contains("could not resolve substitution ${foo}", Hocon.ParseError("foo = ${foo}").Message);
    }

    [Fact]
    public void Resolve_OptionalSelfReferenceAlone_FieldDisappears()
    {
        Assert.False(Hocon.Parse("foo = ${?foo}").HasPath("foo"));
    }

    [Fact]
    public void Resolve_OptionalSelfReferenceInConcatenation_IsEmptyOnce()
    {
        Assert.Equal("foo", Hocon.Parse("a = ${?a}foo").GetString("a"));
    }

    [Fact]
    public void Resolve_SelfReferenceToObject_MergesWithEarlier()
    {
        var config = Hocon.Parse("foo { a = 1 }\nfoo = ${foo} { b = 2 }");
        Assert.Equal(1, config.GetInt("foo.a"));
        Assert.Equal(2, config.GetInt("foo.b"));
    }

    [Fact]
    public void Resolve_SelfReferenceBelowField_LooksBack()
    {
        // The spec's example: ${foo.a} is { c : 1 } from before, merged with the later { a : 2 }.
        var config = Hocon.Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
        Assert.Equal(1, config.GetInt("foo.c"));
        Assert.Equal(2, config.GetInt("foo.a"));
    }

    [Fact]
    public void Resolve_SelfReferenceInArrayConcatenation_Appends()
    {
        Assert.Equal(["/bin", "/usr/bin"], Hocon.Parse("p = [/bin]\np = ${p} [/usr/bin]").GetStringList("p"));
    }

    [Fact]
    public void Resolve_SameSubstitutionTwice_GivesEqualValues()
    {
        var config = Hocon.Parse("x = [1, 2]\na = ${x}\nb = ${x}");
        Assert.Equal(config.GetIntList("a"), config.GetIntList("b"));
    }

    [Fact]
    public void Resolve_QuotedPathInSubstitution_FindsDottedKey()
    {
        Assert.Equal(5, Hocon.Parse("\"a.b\" = 5\nc = ${\"a.b\"}").GetInt("c"));
    }

    [Fact]
    public void Resolve_ObjectOverSubstitution_MergesWithItsValue()
    {
        var config = Hocon.Parse("base { x = 1 }\na = ${base}\na { y = 2 }\na.z = 3");
        Assert.Equal(["a.x", "a.y", "a.z"], config.LeafPaths().Where(p => p.StartsWith("a.", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Resolve_SiblingInInheritedObject_IsNotACycle()
    {
        var config = Hocon.Parse("base { lr = 0.1 }\ns = ${base} { name = x, rate = ${s.lr} }\ns.path = ${s.name}/data");
        Assert.Equal("x/data", config.GetString("s.path"));
        Assert.Equal(0.1, config.GetDouble("s.rate"));
    }

    [Fact]
    public void Resolve_PathIntoMergeStack_MergesTheLayers()
    {
        var config = Hocon.Parse("a { b { c = 1 } }\na = ${?nothing}\na { b { d = 2 } }\ny = ${a.b}");
        Assert.Equal(["y.c", "y.d"], config.LeafPaths().Where(p => p.StartsWith("y.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Resolve_PathThroughScalarOverObject_IsMissing()
    {
        var error = Hocon.ParseError("x = 5\na { b { c = 1 } }\na = ${x}\ny = ${a.b.c}");
        Assert.StartsWith("test.hocon:4:5: could not resolve substitution ${a.b.c}", error.Message);
    }

    [Fact]
    public void Resolve_ConcatenatingStringWithObject_Fails()
    {
        var error = Hocon.ParseError("o { x = 1 }\na = text ${o}");
        Assert.StartsWith("test.hocon:1:3: cannot concatenate string \"text\" with an object", error.Message);
    }

    [Fact]
    public void ParseString_DefaultEnvironment_ReadsProcessEnvironment()
    {
        string name = $"ACTORTRAIN_HOCON_TEST_{Environment.ProcessId}";
        Environment.SetEnvironmentVariable(name, "from-process");
        try
        {
            Assert.Equal("from-process", HoconParser.ParseString($"a = ${{{name}}}").GetString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}

namespace ActorTrain.Runtime.Tests.Config;

/// <summary>Duplicate keys and object merging, as the HOCON spec defines them.</summary>
public sealed class HoconMergeTests
{
    [Fact]
    public void Parse_RepeatedScalarKey_LaterWins()
    {
        Assert.Equal(2, Hocon.Parse("a = 1\na = 2").GetInt("a"));
    }

    [Fact]
    public void Parse_RepeatedObject_MergesDeeply()
    {
        var config = Hocon.Parse("a { x = 1, n { p = 1, q = 1 } }\na { y = 2, n { q = 2 } }");
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
        Assert.Equal(1, config.GetInt("a.n.p"));
        Assert.Equal(2, config.GetInt("a.n.q"));
    }

    [Fact]
    public void Parse_DottedKeysAndObject_MergeTogether()
    {
        var config = Hocon.Parse("a.x = 1\na { y = 2 }\na.y = 3");
        Assert.Equal(["a.x", "a.y"], config.LeafPaths());
        Assert.Equal(3, config.GetInt("a.y"));
    }

    [Fact]
    public void Parse_ScalarAfterObject_Replaces()
    {
        var config = Hocon.Parse("a { x = 1 }\na = 5");
        Assert.Equal(5, config.GetInt("a"));
        Assert.False(config.HasPath("a.x"));
    }

    [Fact]
    public void Parse_ObjectAfterScalar_ReplacesWithoutMerging()
    {
        // The scalar hides everything before it, so the first object does not come back.
        var config = Hocon.Parse("a { x = 1 }\na = 5\na { y = 2 }");
        Assert.False(config.HasPath("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Parse_ArrayAfterArray_Replaces()
    {
        Assert.Equal([3], Hocon.Parse("a = [1, 2]\na = [3]").GetIntList("a"));
    }

    [Fact]
    public void Parse_PlusEquals_AppendsToEarlierArray()
    {
        Assert.Equal(["a", "b", "c"], Hocon.Parse("xs = [a]\nxs += b\nxs += c").GetStringList("xs"));
    }

    [Fact]
    public void Parse_PlusEqualsWithoutEarlierValue_StartsAnArray()
    {
        Assert.Equal([7], Hocon.Parse("xs += 7").GetIntList("xs"));
    }

    [Fact]
    public void Parse_PlusEqualsOnNonArray_FailsAtTheAppendedValue()
    {
        var error = Hocon.ParseError("xs = 1\nxs += 2");
        Assert.StartsWith("test.hocon:2:7: cannot concatenate number 1 with a list", error.Message);
    }

    [Fact]
    public void Parse_PlusEqualsInsideObject_AppendsAtNestedPath()
    {
        var config = Hocon.Parse("a.xs = [1]\na { xs += 2 }");
        Assert.Equal([1, 2], config.GetIntList("a.xs"));
    }

    [Fact]
    public void Parse_EmptyObjectAfterObject_KeepsEarlierFields()
    {
        Assert.Equal(1, Hocon.Parse("a { x = 1 }\na {}").GetInt("a.x"));
    }

    [Fact]
    public void Parse_NullBetweenObjects_PreventsMerge()
    {
        var config = Hocon.Parse("foo { a = 42 }\nfoo = null\nfoo { b = 43 }");
        Assert.Equal(["foo.b"], config.LeafPaths());
    }
}

namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

public sealed class HoconSyntaxTests
{
    [Fact]
    public void Parse_RootWithoutBraces_ReadsFields()
    {
        var config = Hocon.Parse("a = 1\nb = two");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("two", config.GetString("b"));
    }

    [Fact]
    public void Parse_RootWithBraces_ReadsFields()
    {
        var config = Hocon.Parse("{ \"a\": 1, \"b\": [true, null] }");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(["b"], config.LeafPaths().Skip(1));
    }

    [Fact]
    public void Parse_ColonEqualsAndBareBrace_AllSeparateKeyFromValue()
    {
        var config = Hocon.Parse("a: 1\nb = 2\nc { d = 3 }\ne{f=4}");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(3, config.GetInt("c.d"));
        Assert.Equal(4, config.GetInt("e.f"));
    }

    [Fact]
    public void Parse_DottedKey_ExpandsToNestedObjects()
    {
        var config = Hocon.Parse("a.b.c = 1\na.b.d = 2");
        Assert.Equal(1, config.GetConfig("a.b").GetInt("c"));
        Assert.Equal(["a.b.c", "a.b.d"], config.LeafPaths());
    }

    [Fact]
    public void Parse_QuotedKeySegment_KeepsItsDots()
    {
        var config = Hocon.Parse("a.\"b.c\".d = 1");
        Assert.Equal(1, config.GetInt("a.\"b.c\".d"));
        Assert.False(config.HasPath("a.b"));
    }

    [Fact]
    public void Parse_NumericKey_SplitsOnItsDot()
    {
        var config = Hocon.Parse("3.14 = pi");
        Assert.Equal("pi", config.GetString("3.14"));
        Assert.True(config.HasPath("3"));
    }

    [Fact]
    public void Parse_KeyWithInnerWhitespace_KeepsItInTheKey()
    {
        Assert.Equal(42, Hocon.Parse("a b c : 42").GetInt("\"a b c\""));
    }

    [Theory]
    [InlineData("a = [1, 2, 3]")]
    [InlineData("a = [\n  1\n  2\n  3\n]")]
    [InlineData("a = [1,\n 2,\n 3,\n]")]
    [InlineData("a = [ 1 , 2\n3 ]")]
    public void Parse_ArrayWithCommasOrNewlines_ReadsAllElements(string text)
    {
        Assert.Equal([1, 2, 3], Hocon.Parse(text).GetIntList("a"));
    }

    [Fact]
    public void Parse_EmptyArray_IsEmptyList()
    {
        Assert.Empty(Hocon.Parse("a = []").GetStringList("a"));
    }

    [Fact]
    public void Parse_TrailingCommaInObject_IsAllowed()
    {
        Assert.Equal(2, Hocon.Parse("a { x = 1, y = 2, }").GetInt("a.y"));
    }

    [Fact]
    public void Parse_QuotedStringWithJsonEscapes_Unescapes()
    {
        var config = Hocon.Parse(@"a = ""tab\there \""q\"" \\ \/ \u00e9\n""");
        Assert.Equal("tab\there \"q\" \\ / é\n", config.GetString("a"));
    }

    [Fact]
    public void Parse_TripleQuotedString_KeepsNewlinesAndBackslashesRaw()
    {
        var config = Hocon.Parse("a = \"\"\"line1\n  \\n \"quoted\"\nline3\"\"\"");
        Assert.Equal("line1\n  \\n \"quoted\"\nline3", config.GetString("a"));
    }

    [Fact]
    public void Parse_TripleQuotedStringEndingInExtraQuotes_KeepsThemInTheValue()
    {
        Assert.Equal("x\"\"", Hocon.Parse("a = \"\"\"x\"\"\"\"\"").GetString("a"));
    }

    [Fact]
    public void Parse_UnquotedWordsOnOneLine_ConcatenateWithTheirWhitespace()
    {
        var config = Hocon.Parse("a = foo   bar baz  \nb = 1 2");
        Assert.Equal("foo   bar baz", config.GetString("a"));
        Assert.Equal("1 2", config.GetString("b"));
    }

    [Fact]
    public void Parse_QuotedAndUnquotedAdjacent_Concatenate()
    {
        Assert.Equal("foo bar.baz", Hocon.Parse("a = foo\" bar\".baz").GetString("a"));
    }

    [Theory]
    [InlineData("42", 42.0)]
    [InlineData("-7", -7.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData("2.5E-2", 0.025)]
    [InlineData("1e+2", 100.0)]
    public void Parse_JsonNumber_ReadsAsNumber(string text, double expected)
    {
        var config = Hocon.Parse($"a = {text}");
        Assert.Equal(expected, config.GetDouble("a"), 12);
        Assert.Contains($"a = {text}", config.Render());
    }

    [Fact]
    public void Parse_LongBeyondInt_ReadsAsLong()
    {
        var config = Hocon.Parse("a = 9000000000");
        Assert.Equal(9_000_000_000L, config.GetLong("a"));
        var error = Assert.Throws<ConfigException>(() => config.GetInt("a"));
        Assert.Contains("expected an int at a", error.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public void GetBool_BooleanSpellings_ReadAsBoolean(string text, bool expected)
    {
        Assert.Equal(expected, Hocon.Parse($"a = {text}").GetBool("a"));
    }

    [Fact]
    public void Parse_Null_IsNotAPath()
    {
        var config = Hocon.Parse("a = null");
        Assert.False(config.HasPath("a"));
        Assert.Equal(5, config.GetInt("a", 5));
        var error = Assert.Throws<ConfigException>(() => config.GetInt("a"));
        Assert.Equal("test.hocon:1:5: expected a number at a but got null", error.Message);
    }

    [Fact]
    public void Parse_HashAndSlashComments_AreIgnored()
    {
        var config = Hocon.Parse("# header\na = 1 // trailing\n// whole line\nb = \"not // a comment\" # end\nc = a/b//c");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("not // a comment", config.GetString("b"));
        Assert.Equal("a/b", config.GetString("c"));
    }

    [Fact]
    public void Parse_ArrayConcatenation_AppendsArrays()
    {
        Assert.Equal([1, 2, 3], Hocon.Parse("a = [1] [2, 3]").GetIntList("a"));
    }

    [Fact]
    public void Parse_ObjectConcatenation_MergesObjects()
    {
        var config = Hocon.Parse("a = { x = 1, y = 1 } { y = 2 }");
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Parse_ArrayOfObjects_KeepsEachObject()
    {
        var config = Hocon.Parse("layers = [ { units = 128 }, { units = 10 } ]");
        Assert.Contains("units = 128", config.Render());
        Assert.Equal("test.hocon:1:10", config.Origin("layers"));
    }

    [Fact]
    public void Parse_IncludeAsOrdinaryKey_IsAKey()
    {
        Assert.Equal(1, Hocon.Parse("include = 1").GetInt("include"));
    }

    [Fact]
    public void Parse_CrLfLineEndings_Work()
    {
        var config = Hocon.Parse("a = 1\r\nb = x\r\n");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("x", config.GetString("b"));
    }

    [Fact]
    public void Parse_EmptyText_IsEmptyConfig()
    {
        Assert.Empty(Hocon.Parse("  \n# only a comment\n").LeafPaths());
    }
}

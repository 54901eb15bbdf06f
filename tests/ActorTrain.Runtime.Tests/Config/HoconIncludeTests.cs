namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

/// <summary>Include files, written into a fresh temporary directory per test.</summary>
public sealed class HoconIncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hocon-include-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Runtime.Config.Config Load(string path) => HoconParser.ParseFile(path, _ => null);

    [Fact]
    public void ParseFile_IncludeAtRoot_MergesItsFieldsAndLaterFieldsWin()
    {
        Write("base.hocon", "a = 1\nb = 1\nnested { x = 1 }");
        var config = Load(Write("main.hocon", "include \"base.hocon\"\nb = 2\nnested.y = 2"));
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(["a", "b", "nested.x", "nested.y"], config.LeafPaths());
    }

    [Fact]
    public void ParseFile_IncludeInsideObject_NestsItsFields()
    {
        Write("opt.hocon", "lr = 0.1");
        var config = Load(Write("main.hocon", "optimizer {\n  include \"opt.hocon\"\n  name = sgd\n}"));
        Assert.Equal(0.1, config.GetDouble("optimizer.lr"));
        Assert.Equal("sgd", config.GetString("optimizer.name"));
    }

    [Fact]
    public void ParseFile_IncludeRelativeToIncludingFile_FindsSubdirectoryFile()
    {
        Write("conf/inner/leaf.hocon", "leaf = yes");
        Write("conf/mid.hocon", "include \"inner/leaf.hocon\"");
        var config = Load(Write("main.hocon", "include \"conf/mid.hocon\""));
        Assert.True(config.GetBool("leaf"));
        Assert.EndsWith(Path.Combine("conf", "inner", "leaf.hocon") + ":1:8", config.Origin("leaf"));
    }

    [Fact]
    public void ParseFile_SubstitutionInNestedInclude_ResolvesRelativeToIncludePoint()
    {
        Write("part.hocon", "base = 10\nderived = ${base}\nglobal = ${top}");
        var config = Load(Write("main.hocon", "top = 1\nsection { include \"part.hocon\" }\nbase = 99"));
        Assert.Equal(10, config.GetInt("section.derived"));
        Assert.Equal(1, config.GetInt("section.global"));
    }

    [Fact]
    public void ParseFile_MissingInclude_FailsNamingTheFile()
    {
        string main = Write("main.hocon", "a = 1\ninclude \"nope.hocon\"");
        var error = Assert.Throws<ConfigException>(() => Load(main));
        Assert.StartsWith($"{main}:2:9: included file \"nope.hocon\" not found", error.Message);
    }

    [Fact]
    public void ParseFile_IncludeCycle_FailsShowingTheCycle()
    {
        Write("a.hocon", "include \"b.hocon\"");
        Write("b.hocon", "include \"a.hocon\"");
        string a = Path.Combine(_dir, "a.hocon");
        var error = Assert.Throws<ConfigException>(() => Load(a));
        string b = Path.Combine(_dir, "b.hocon");
        Assert.Equal($"{b}:1:1: include cycle: {a} -> {b} -> {a}", error.Message);
    }

    [Fact]
    public void ParseFile_SameFileIncludedTwice_IsNotACycle()
    {
        Write("common.hocon", "n += 1");
        var config = Load(Write("main.hocon", "include \"common.hocon\"\ninclude \"common.hocon\""));
        Assert.Equal([1, 1], config.GetIntList("n"));
    }

    [Fact]
    public void ParseFile_ErrorInIncludedFile_ReportsThatFile()
    {
        Write("bad.hocon", "x = [1, 2");
        string main = Write("main.hocon", "include \"bad.hocon\"");
        var error = Assert.Throws<ConfigException>(() => Load(main));
        Assert.StartsWith($"{Path.Combine(_dir, "bad.hocon")}:1:10: unterminated list", error.Message);
    }

    [Fact]
    public void ParseFile_MissingFile_Fails()
    {
        string path = Path.Combine(_dir, "absent.hocon");
        var error = Assert.Throws<ConfigException>(() => Load(path));
        Assert.StartsWith($"{path}:1:1: config file not found", error.Message);
    }

    [Theory]
    [InlineData("include file(\"part.hocon\")")]
    [InlineData("include required(\"part.hocon\")")]
    [InlineData("include required(file(\"part.hocon\"))")]
    public void ParseFile_WrappedIncludeName_IsIncluded(string include)
    {
        Write("part.hocon", "p = 1");
        Assert.Equal(1, Load(Write("main.hocon", include)).GetInt("p"));
    }

    [Fact]
    public void ParseFile_UrlInclude_FailsAsUnsupported()
    {
        string main = Write("main.hocon", "include url(\"http://x\")");
        var error = Assert.Throws<ConfigException>(() => Load(main));
        Assert.StartsWith($"{main}:1:9: unsupported include 'url('", error.Message);
    }

    [Fact]
    public void ParseFile_UnclosedWrapper_Fails()
    {
        Write("part.hocon", "p = 1");
        string main = Write("main.hocon", "include file(\"part.hocon\"\n");
        var error = Assert.Throws<ConfigException>(() => Load(main));
        Assert.StartsWith($"{main}:1:26: expected ')' to close 'file('", error.Message);
    }
}

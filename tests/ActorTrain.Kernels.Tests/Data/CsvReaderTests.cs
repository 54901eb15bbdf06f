using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

public sealed class CsvReaderTests
{
    private const string Name = "data.csv";

    private static Dataset Parse(string text, int labelColumn = 0, int classes = 0) =>
        CsvReader.Parse(new StringReader(text), Name, labelColumn, classes: classes);

    [Fact]
    public void Parse_HeaderLine_SkippedAndRowsRead()
    {
        var data = Parse("label,x,y\n1,0.5,-2\n0,3,4e1\n");

        Assert.Equal(2, data.Count);
        Assert.Equal(2, data.Width);
        Assert.Equal([0.5f, -2f, 3f, 40f], data.Features);
        Assert.Equal([1f, 0f], data.Targets);
        Assert.Equal(2, data.Classes);
    }

    [Fact]
    public void Parse_NoHeader_FirstLineIsData()
    {
        var data = Parse("2,1,1\n0,2,2\n");

        Assert.Equal(2, data.Count);
        Assert.Equal([2f, 0f], data.Targets);
        Assert.Equal(3, data.Classes);
    }

    [Fact]
    public void Parse_LabelInLastColumn_OtherColumnsAreFeaturesInOrder()
    {
        var data = Parse("a,b,class\n0.1,0.2,3\n0.3,0.4,1\n", labelColumn: 2);

        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], data.Features);
        Assert.Equal([3f, 1f], data.Targets);
    }

    [Fact]
    public void Parse_LabelInMiddleColumn_OtherColumnsAreFeaturesInOrder()
    {
        var data = Parse("5,2,6\n7,0,8\n", labelColumn: 1);

        Assert.Equal([5f, 6f, 7f, 8f], data.Features);
        Assert.Equal([2f, 0f], data.Targets);
    }

    [Fact]
    public void Parse_BlankAndCommentLines_SkippedButCountedInLineNumbers()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("# comment\n\n1,2\n1,2,3\n"));

        Assert.Equal($"{Name}:4", e.File);
    }

    [Fact]
    public void Parse_WhitespaceOnlyAndIndentedCommentLines_Skipped()
    {
        var data = Parse("  \nlabel,x,y\n\t\n  # note\n1,2,3\n \n0,4,5\n");

        Assert.Equal([2f, 3f, 4f, 5f], data.Features);
        Assert.Equal([1f, 0f], data.Targets);
    }

    [Fact]
    public void Parse_WindowsLineEndings_ParsedLikeUnix()
    {
        var data = Parse("label,x\r\n1,2.5\r\n0,3\r\n");

        Assert.Equal([2.5f, 3f], data.Features);
        Assert.Equal([1f, 0f], data.Targets);
    }

    [Fact]
    public void Parse_ClassCountGiven_KeptEvenAboveLargestLabel()
    {
        Assert.Equal(10, Parse("1,0\n2,0\n", classes: 10).Classes);
    }

    [Theory]
    [InlineData("1,2,3\n0,1\n", 2, "2 fields, expected 3")]
    [InlineData("h,a,b\n0,1,2\n1,2,3,4\n", 3, "4 fields, expected 3")]
    [InlineData("0,1,2\n1,x,3\n", 2, "column 2 is not a finite number: 'x'")]
    [InlineData("0,1,2\n1,,3\n", 2, "column 2")]
    [InlineData("0,1,2\n1,NaN,3\n", 2, "column 2")]
    [InlineData("0,1,2\n1,2,Infinity\n", 2, "column 3")]
    [InlineData("0,1,2\n1,2,-Infinity\n", 2, "column 3")]
    [InlineData("0,1,2\n1,1e39,3\n", 2, "column 2")] // overflows float to infinity
    public void Parse_BadField_ThrowsWithFileLineAndReason(string text, int line, string reason)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse(text));

        Assert.Equal($"{Name}:{line}", e.File);
        Assert.StartsWith($"{Name}:{line}: ", e.Message);
        Assert.Contains(reason, e.Problem);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("0.999")]
    [InlineData("1e10")] // not representable as a class index
    public void Parse_LabelNotANonNegativeInteger_ThrowsWithFileLine(string label)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse($"0,1\n{label},2\n"));

        Assert.Equal($"{Name}:2", e.File);
        Assert.Contains($"label '{label}'", e.Problem);
    }

    [Fact]
    public void Parse_LabelNotBelowClassCount_ThrowsWithFileLineAndRange()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("a,b\n2,1\n3,1\n", classes: 3));

        Assert.Equal($"{Name}:3", e.File);
        Assert.Contains("[0, 3)", e.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("label,x,y\n")]
    [InlineData("label,x,y\n# nothing yet\n")]
    public void Parse_NoDataRows_ThrowsNamingFile(string text)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse(text));

        Assert.Equal(Name, e.File);
        Assert.Contains("no data rows", e.Problem);
    }

    [Fact]
    public void Parse_LabelColumnOutsideRow_ThrowsNamingColumn()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("0,1,2\n", labelColumn: 3));

        Assert.Contains("label column 3", e.Problem);
    }

    [Fact]
    public void Read_FileWithBadLine_MessageNamesPathAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bad.csv", "label,x\n1,2\n1,oops\n");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.StartsWith($"{path}:3: ", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), "actortrain-absent-" + Guid.NewGuid().ToString("N") + ".csv");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Equal(path, e.File);
        Assert.Contains("not found", e.Problem);
    }
}

namespace ActorTrain.Runtime.Tests.Config;

/// <summary>Every syntax error names file:line:column and what is wrong.</summary>
public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("a = \"abc", "test.hocon:1:5: unterminated string")]
    [InlineData("a = 1\nb = \"abc\nc = 2", "test.hocon:2:5: unterminated string")]
    [InlineData("a = \"\"\"abc", "test.hocon:1:5: unterminated triple-quoted string")]
    [InlineData("a = \"bad \\q\"", "test.hocon:1:5: invalid escape '\\q'")]
    [InlineData("a = ${b", "test.hocon:1:5: unterminated substitution")]
    [InlineData("a = ${}", "test.hocon:1:5: empty substitution")]
    [InlineData("a = ${b..c}", "test.hocon:1:5: invalid path 'b..c'")]
    [InlineData("a = 1\n  b = x`y", "test.hocon:2:8: unexpected character '`'")]
    [InlineData("a = $x", "test.hocon:1:5: '$' must start a substitution")]
    public void Tokenize_BadText_FailsWithPosition(string text, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Hocon.ParseError(text).Message);
    }

    [Theory]
    [InlineData("a = 1 = 2", "test.hocon:1:7: unexpected '=' after a value")]
    [InlineData("a 1", "test.hocon:1:4: expected '=', ':', '+=' or '{' after key \"a 1\" but got end of file")]
    [InlineData("a =\nb = 2", "test.hocon:1:4: expected a value but got end of line")]
    [InlineData("a = ,", "test.hocon:1:5: expected a value but got ','")]
    [InlineData("a { b = 1", "test.hocon:1:10: unterminated object: expected '}' to close the '{' at 1:3")]
    [InlineData("a = [1, 2\n", "test.hocon:2:1: unterminated list: expected ']' to close the '[' at 1:5")]
    [InlineData("a = [1,, 2]", "test.hocon:1:8: unexpected ','")]
    [InlineData("a = 1,, b = 2", "test.hocon:1:7: unexpected ','")]
    [InlineData("a = 1\n}", "test.hocon:2:1: unexpected '}' with no matching '{'")]
    [InlineData("[1, 2]", "test.hocon:1:1: the root of a config file must be an object")]
    [InlineData("{ a = 1 } b", "test.hocon:1:11: unexpected 'b' after the end of the value")]
    [InlineData("a..b = 1", "test.hocon:1:1: invalid key 'a..b': empty path segment")]
    [InlineData("a. = 1", "test.hocon:1:1: invalid key: empty path segment")]
    [InlineData("${a} = 1", "test.hocon:1:1: a substitution cannot be used as a key")]
    [InlineData("= 1", "test.hocon:1:1: expected a key but got '='")]
    [InlineData("a = [1 2 }", "test.hocon:1:10: unexpected '}' in a list")]
    public void Parse_BadStructure_FailsWithPosition(string text, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Hocon.ParseError(text).Message);
    }
}

namespace ActorTrain.Runtime.Config;

internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Newline,
    Whitespace,
    QuotedString,
    UnquotedText,
    Substitution,
    EndOfFile,
}

/// <summary>One lexical token; <see cref="Text"/> holds the unescaped content of strings.</summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>For a substitution: the path it refers to.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>For a substitution: written as <c>${?path}</c>.</summary>
    public bool Optional { get; init; }

    public string Describe() => Kind switch
    {
        HoconTokenKind.Newline => "end of line",
        HoconTokenKind.EndOfFile => "end of file",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.QuotedString => $"string \"{Text}\"",
        HoconTokenKind.UnquotedText => $"'{Text}'",
        _ => $"'{Text}'",
    };
}

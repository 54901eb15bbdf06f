using System.Text.RegularExpressions;

namespace ActorTrain.Runtime.Config;

/// <summary>
/// Splits HOCON text into tokens. Whitespace and newlines are tokens because HOCON gives them
/// meaning: newlines separate fields, and whitespace between values is kept in string concatenation.
/// Numbers, booleans and null are left as unquoted text; the parser classifies them.
/// </summary>
internal sealed partial class HoconTokenizer
{
    /// <summary>Characters that may not appear in unquoted text (HOCON spec, "Unquoted strings").</summary>
    private const string Reserved = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private readonly List<HoconToken> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    private HoconTokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static List<HoconToken> Tokenize(string text, string source) => new HoconTokenizer(text, source).Run();

    private List<HoconToken> Run()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            int line = _line, column = _column;
            switch (c)
            {
                case '\n': Single(HoconTokenKind.Newline); break;
                case '{': Single(HoconTokenKind.OpenBrace); break;
                case '}': Single(HoconTokenKind.CloseBrace); break;
                case '[': Single(HoconTokenKind.OpenBracket); break;
                case ']': Single(HoconTokenKind.CloseBracket); break;
                case ',': Single(HoconTokenKind.Comma); break;
                case ':': Single(HoconTokenKind.Colon); break;
                case '=': Single(HoconTokenKind.Equals); break;
                case '#': SkipComment(); break;
                case '/' when Peek(1) == '/': SkipComment(); break;
                case '"': ReadQuoted(line, column); break;
                case '$': ReadSubstitution(line, column); break;
                case '+' when Peek(1) == '=':
                    Advance(2);
                    _tokens.Add(new HoconToken(HoconTokenKind.PlusEquals, "+=", line, column));
                    break;
                default:
                    if (IsWhitespace(c)) ReadWhitespace(line, column);
                    else if (Reserved.Contains(c))
                        throw new ConfigException(Origin(line, column),
                            $"unexpected character '{c}': it is reserved in unquoted text, put the value in quotes");
                    else ReadUnquoted(line, column);
                    break;
            }
        }
        _tokens.Add(new HoconToken(HoconTokenKind.EndOfFile, "", _line, _column));
        return _tokens;
    }

    private static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private string Origin(int line, int column) => $"{_source}:{line}:{column}";

    private void Advance(int count)
    {
        for (int i = 0; i < count; i++, _pos++)
        {
            if (_text[_pos] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }
        }
    }

    private void Single(HoconTokenKind kind)
    {
        _tokens.Add(new HoconToken(kind, _text[_pos].ToString(), _line, _column));
        Advance(1);
    }

    private void SkipComment()
    {
        int end = _text.IndexOf('\n', _pos);
        Advance((end < 0 ? _text.Length : end) - _pos);
    }

    private void ReadWhitespace(int line, int column)
    {
        int start = _pos;
        while (_pos < _text.Length && IsWhitespace(_text[_pos])) Advance(1);
        _tokens.Add(new HoconToken(HoconTokenKind.Whitespace, _text[start.._pos], line, column));
    }

    private void ReadUnquoted(int line, int column)
    {
        int start = _pos;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n' || IsWhitespace(c) || (c == '/' && Peek(1) == '/')) break;
            // '+' is reserved, yet a number such as 1e+5 needs it after its exponent mark.
            bool exponentSign = c == '+' && char.IsAsciiDigit(Peek(1)) && NumberBeforeExponent().IsMatch(_text[start.._pos]);
            if (Reserved.Contains(c) && !exponentSign) break;
            Advance(1);
        }
        _tokens.Add(new HoconToken(HoconTokenKind.UnquotedText, _text[start.._pos], line, column));
    }

    private void ReadQuoted(int line, int column)
    {
        if (string.CompareOrdinal(_text, _pos, "\"\"\"", 0, 3) == 0)
        {
            int close = _text.IndexOf("\"\"\"", _pos + 3, StringComparison.Ordinal);
            if (close < 0)
                throw new ConfigException(Origin(line, column), "unterminated triple-quoted string: missing closing '\"\"\"'");
            // Quotes beyond the closing three belong to the string, as in the spec ("""a"""" is a").
            while (close + 3 < _text.Length && _text[close + 3] == '"') close++;
            string content = _text[(_pos + 3)..close];
            Advance(close + 3 - _pos);
            _tokens.Add(new HoconToken(HoconTokenKind.QuotedString, content, line, column));
            return;
        }
        string? value = JsonString.TryRead(_text, _pos, out int after, out string? error);
        if (value is null) throw new ConfigException(Origin(line, column), error!);
        Advance(after - _pos);
        _tokens.Add(new HoconToken(HoconTokenKind.QuotedString, value, line, column));
    }

    private void ReadSubstitution(int line, int column)
    {
        string origin = Origin(line, column);
        if (Peek(1) != '{')
            throw new ConfigException(origin, "'$' must start a substitution such as ${a.b}; put the value in quotes");
        int start = _pos;
        Advance(2);
        bool optional = Peek(0) == '?';
        if (optional) Advance(1);
        int pathStart = _pos;
        while (_pos < _text.Length && _text[_pos] != '}' && _text[_pos] != '\n')
        {
            if (_text[_pos] == '"')
            {
                if (JsonString.TryRead(_text, _pos, out int after, out string? error) is null)
                    throw new ConfigException(origin, $"{error} in substitution");
                Advance(after - _pos);
            }
            else
            {
                Advance(1);
            }
        }
        if (_pos >= _text.Length || _text[_pos] != '}')
            throw new ConfigException(origin, "unterminated substitution: missing '}'");
        string expression = _text[pathStart.._pos];
        if (expression.Trim().Length == 0) throw new ConfigException(origin, "empty substitution ${}");
        Advance(1);
        _tokens.Add(new HoconToken(HoconTokenKind.Substitution, _text[start.._pos], line, column)
        {
            Path = PathExpression.Parse(expression, origin),
            Optional = optional,
        });
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?[eE]$")]
    private static partial Regex NumberBeforeExponent();
}

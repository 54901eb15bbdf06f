using System.Text;

namespace ActorTrain.Runtime.Config;

/// <summary>
/// Parses one file's tokens straight into the config tree. Writing into the existing objects
/// (rather than building a separate tree and merging it) is what makes repeated keys merge, and
/// lets a self-reference such as <c>path = ${path}":/bin"</c> see the value written before it.
/// </summary>
internal sealed class HoconDocumentParser
{
    private readonly List<HoconToken> _tokens;
    private readonly string _source;
    private readonly IReadOnlyList<string> _prefix;
    private readonly IncludeChain _includes;
    private int _pos;

    private HoconDocumentParser(string text, string source, IReadOnlyList<string> prefix, IncludeChain includes)
    {
        _tokens = HoconTokenizer.Tokenize(text, source);
        _source = source;
        _prefix = prefix;
        _includes = includes;
    }

    /// <summary>Parses a whole document (braced or not) into <paramref name="target"/>, which sits at <paramref name="prefix"/>.</summary>
    public static void ParseDocument(ObjectNode target, string text, string source, IReadOnlyList<string> prefix, IncludeChain includes)
    {
        var parser = new HoconDocumentParser(text, source, prefix, includes);
        parser.SkipBlank();
        var first = parser.Peek();
        if (first.Kind == HoconTokenKind.OpenBracket)
            throw parser.Error(first, "the root of a config file must be an object, not a list");
        if (first.Kind == HoconTokenKind.OpenBrace)
        {
            parser.Next();
            parser.ParseObjectBody(target, prefix, first);
            parser.SkipBlank();
            parser.ExpectEnd();
        }
        else
        {
            parser.ParseObjectBody(target, prefix, open: null);
        }
    }

    /// <summary>Parses <paramref name="text"/> as one value and assigns it at <paramref name="path"/>, as a field there would be.</summary>
    public static void ParseAssignment(ObjectNode root, IReadOnlyList<string> path, string text, string source)
    {
        var parser = new HoconDocumentParser(text, source, [], IncludeChain.ForText());
        var owner = root;
        for (int i = 0; i < path.Count - 1; i++) owner = owner.ChildForWrite(path[i], root.Origin);
        try
        {
            parser.SkipBlank();
            parser.AssignValue(owner, path[^1], path);
            parser.SkipBlank();
            parser.ExpectEnd();
        }
        catch (ConfigException error)
        {
            // Override values often come from a shell, where "host:2552" looks like a plain string.
            throw new ConfigException(error.Origin, $"{error.Problem} (to set a plain string, put the value in double quotes)");
        }
    }

    private HoconToken Peek() => _tokens[_pos];

    private HoconToken Next() => _tokens[_pos++];

    private string Origin(HoconToken token) => $"{_source}:{token.Line}:{token.Column}";

    private ConfigException Error(HoconToken token, string problem) => new(Origin(token), problem);

    private void SkipWhitespace()
    {
        while (Peek().Kind == HoconTokenKind.Whitespace) _pos++;
    }

    private void SkipBlank()
    {
        while (Peek().Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline) _pos++;
    }

    private void ExpectEnd()
    {
        var token = Peek();
        if (token.Kind != HoconTokenKind.EndOfFile) throw Error(token, $"unexpected {token.Describe()} after the end of the value");
    }

    private static IReadOnlyList<string>? Append(IReadOnlyList<string>? path, string key) => path is null ? null : [.. path, key];

    /// <summary>Fields until '}' (when <paramref name="open"/> is given) or end of file. A null path marks an object inside a list or concatenation.</summary>
    private void ParseObjectBody(ObjectNode target, IReadOnlyList<string>? path, HoconToken? open)
    {
        while (true)
        {
            SkipBlank();
            var token = Peek();
            if (token.Kind == HoconTokenKind.CloseBrace)
            {
                if (open is null) throw Error(token, "unexpected '}' with no matching '{'");
                Next();
                return;
            }
            if (token.Kind == HoconTokenKind.EndOfFile)
            {
                if (open is not null)
                    throw Error(token, $"unterminated object: expected '}}' to close the '{{' at {open.Line}:{open.Column}");
                return;
            }
            ParseField(target, path);
            SkipWhitespace();
            token = Peek();
            switch (token.Kind)
            {
                case HoconTokenKind.Comma:
                    Next();
                    SkipBlank();
                    if (Peek().Kind == HoconTokenKind.Comma) throw Error(Peek(), "unexpected ',': expected a key or '}'");
                    break;
                case HoconTokenKind.Newline or HoconTokenKind.CloseBrace or HoconTokenKind.EndOfFile:
                    break;
                default:
                    throw Error(token, $"unexpected {token.Describe()} after a value: expected ',', a new line or '}}'");
            }
        }
    }

    private void ParseField(ObjectNode target, IReadOnlyList<string>? path)
    {
        if (IsInclude())
        {
            ParseInclude(target, path);
            return;
        }
        var keyToken = Peek();
        var key = ReadKey();
        var owner = target;
        var ownerPath = path;
        for (int i = 0; i < key.Count - 1; i++)
        {
            owner = owner.ChildForWrite(key[i], Origin(keyToken));
            ownerPath = Append(ownerPath, key[i]);
        }
        var separator = Peek();
        switch (separator.Kind)
        {
            case HoconTokenKind.OpenBrace:
                AssignValue(owner, key[^1], Append(ownerPath, key[^1]));
                break;
            case HoconTokenKind.Equals or HoconTokenKind.Colon:
                Next();
                SkipWhitespace();
                AssignValue(owner, key[^1], Append(ownerPath, key[^1]));
                break;
            case HoconTokenKind.PlusEquals:
                Next();
                SkipWhitespace();
                AppendValue(owner, key[^1]);
                break;
            default:
                throw Error(separator, $"expected '=', ':', '+=' or '{{' after key {PathExpression.Render(key)} but got {separator.Describe()}");
        }
    }

    /// <summary>A key is unquoted and quoted text up to its separator; dots outside quotes split it into a path.</summary>
    private List<string> ReadKey()
    {
        int start = _pos;
        while (Peek().Kind is HoconTokenKind.UnquotedText or HoconTokenKind.QuotedString or HoconTokenKind.Whitespace) _pos++;
        int end = _pos;
        while (end > start && _tokens[end - 1].Kind == HoconTokenKind.Whitespace) end--;
        if (end == start)
        {
            var token = Peek();
            if (token.Kind == HoconTokenKind.Substitution) throw Error(token, "a substitution cannot be used as a key");
            throw Error(token, $"expected a key but got {token.Describe()}");
        }
        var segments = new List<string>();
        var current = new StringBuilder();
        bool hasContent = false;
        for (int i = start; i < end; i++)
        {
            var token = _tokens[i];
            if (token.Kind != HoconTokenKind.UnquotedText)
            {
                current.Append(token.Text);
                hasContent |= token.Kind == HoconTokenKind.QuotedString;
                continue;
            }
            foreach (char c in token.Text)
            {
                if (c != '.')
                {
                    current.Append(c);
                    hasContent = true;
                    continue;
                }
                if (!hasContent) throw Error(token, $"invalid key '{token.Text}': empty path segment");
                segments.Add(current.ToString());
                current.Clear();
                hasContent = false;
            }
        }
        if (!hasContent) throw Error(_tokens[end - 1], "invalid key: empty path segment at its end");
        segments.Add(current.ToString());
        return segments;
    }

    private void AssignValue(ObjectNode owner, string key, IReadOnlyList<string>? fieldPath)
    {
        var value = ParseValue(origin => owner.ChildForWrite(key, origin), fieldPath, out bool writtenInPlace);
        if (writtenInPlace) return;
        var resolvedSelf = fieldPath is null ? value : ReplaceSelfReferences(value, owner.Get(key), fieldPath);
        if (resolvedSelf is null) return;
        owner.Assign(key, resolvedSelf);
    }

    /// <summary><c>a += v</c> means <c>a = ${?a} [v]</c>.</summary>
    private void AppendValue(ObjectNode owner, string key)
    {
        var element = ParseValue(inPlace: null, fieldPath: null, out _);
        var list = new ArrayNode([element], element.Origin);
        var existing = owner.Get(key);
        owner.Set(key, existing is null ? list : new ConcatNode([new ConcatPart("", existing), new ConcatPart("", list)], element.Origin));
    }

    /// <summary>
    /// Replaces <c>${field}</c> (or <c>${field.x}</c>) in the field's own value by what was written
    /// there before, as the spec's self-referential fields require: resolved later, the substitution
    /// would find the field itself. Objects and lists holding the field's path are not self-references
    /// (the spec makes them cycles). Returns null when the whole value is an undefined optional self-reference.
    /// </summary>
    private static HoconNode? ReplaceSelfReferences(HoconNode value, HoconNode? earlier, IReadOnlyList<string> fieldPath)
    {
        switch (value)
        {
            case SubstitutionNode s when s.PathBelow(fieldPath) is { } below:
                var previous = LookBack(earlier, below);
                return previous ?? (s.Optional ? null : s.AsEnvironmentOnly());
            case ConcatNode concat:
                var parts = new List<ConcatPart>();
                foreach (var part in concat.Parts)
                {
                    var replaced = ReplaceSelfReferences(part.Value, earlier, fieldPath);
                    if (replaced is not null) parts.Add(part with { Value = replaced });
                }
                return parts.Count switch
                {
                    0 => null,
                    1 => parts[0].Value,
                    _ => new ConcatNode(parts, concat.Origin),
                };
            default:
                return value;
        }
    }

    /// <summary>
    /// The earlier value at <paramref name="below"/>. Objects are copied: the parser writes into the
    /// objects it finds at a field, and the earlier value must not change with the new one.
    /// </summary>
    private static HoconNode? LookBack(HoconNode? earlier, IReadOnlyList<string> below)
    {
        var node = earlier;
        foreach (string segment in below) node = (node as ObjectNode)?.Get(segment);
        return node is ObjectNode obj ? obj.CopyForWrite() : node;
    }

    /// <summary>
    /// A value concatenation: values on one line, with the whitespace between them. Objects are
    /// parsed into <paramref name="inPlace"/>'s object while they are the only parts, so that they
    /// merge with what the field held before.
    /// </summary>
    private HoconNode ParseValue(Func<string, ObjectNode>? inPlace, IReadOnlyList<string>? fieldPath, out bool writtenInPlace)
    {
        var parts = new List<ConcatPart>();
        ObjectNode? inPlaceObject = null;
        string pendingWhitespace = "";
        while (true)
        {
            var token = Peek();
            HoconNode part;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    Next();
                    pendingWhitespace = token.Text;
                    continue;
                case HoconTokenKind.QuotedString:
                    Next();
                    part = ScalarNode.String(token.Text, Origin(token));
                    break;
                case HoconTokenKind.UnquotedText:
                    Next();
                    part = ScalarNode.FromUnquoted(token.Text, Origin(token));
                    break;
                case HoconTokenKind.Substitution:
                    Next();
                    part = new SubstitutionNode(token.Path, token.Optional, _prefix, token.Text, Origin(token));
                    break;
                case HoconTokenKind.OpenBrace when inPlace is not null && parts.All(p => p.Value == inPlaceObject):
                    Next();
                    inPlaceObject ??= inPlace(Origin(token));
                    ParseObjectBody(inPlaceObject, fieldPath, token);
                    if (parts.Count == 0) parts.Add(new ConcatPart("", inPlaceObject));
                    pendingWhitespace = "";
                    continue;
                case HoconTokenKind.OpenBrace:
                    Next();
                    var obj = new ObjectNode(Origin(token));
                    ParseObjectBody(obj, path: null, token);
                    part = obj;
                    break;
                case HoconTokenKind.OpenBracket:
                    Next();
                    part = ParseArray(token);
                    break;
                default:
                    if (parts.Count == 0) throw Error(token, $"expected a value but got {token.Describe()}");
                    writtenInPlace = parts.Count == 1 && inPlaceObject is not null;
                    return parts.Count == 1 ? parts[0].Value : new ConcatNode(parts, parts[0].Value.Origin);
            }
            parts.Add(new ConcatPart(parts.Count == 0 ? "" : pendingWhitespace, part));
            pendingWhitespace = "";
        }
    }

    private ArrayNode ParseArray(HoconToken open)
    {
        var items = new List<HoconNode>();
        while (true)
        {
            SkipBlank();
            var token = Peek();
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                Next();
                return new ArrayNode(items, Origin(open));
            }
            if (token.Kind == HoconTokenKind.EndOfFile)
                throw Error(token, $"unterminated list: expected ']' to close the '[' at {open.Line}:{open.Column}");
            items.Add(ParseValue(inPlace: null, fieldPath: null, out _));
            SkipWhitespace();
            token = Peek();
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
                SkipBlank();
                if (Peek().Kind == HoconTokenKind.Comma) throw Error(Peek(), "unexpected ',': expected a value or ']'");
            }
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket or HoconTokenKind.EndOfFile))
            {
                throw Error(token, $"unexpected {token.Describe()} in a list: expected ',', a new line or ']'");
            }
        }
    }

    /// <summary>
    /// <c>include "file"</c>, also written <c>file("...")</c> or <c>required(...)</c>: the keyword,
    /// whitespace, then a quoted name or an opening wrapper (otherwise "include" is an ordinary key).
    /// </summary>
    private bool IsInclude()
    {
        if (Peek() is not { Kind: HoconTokenKind.UnquotedText, Text: "include" }) return false;
        int i = _pos + 1;
        while (_tokens[i].Kind == HoconTokenKind.Whitespace) i++;
        return i > _pos + 1
            && (_tokens[i].Kind == HoconTokenKind.QuotedString || _tokens[i] is { Kind: HoconTokenKind.UnquotedText, Text: [.., '('] });
    }

    /// <summary>A missing file is an error whether or not it is marked required: a silently skipped cluster file hides mistakes.</summary>
    private void ParseInclude(ObjectNode target, IReadOnlyList<string>? path)
    {
        var keyword = Next();
        SkipWhitespace();
        var wrapper = Peek().Kind == HoconTokenKind.UnquotedText ? Next() : null;
        if (wrapper is not null && wrapper.Text is not ("file(" or "required(" or "required(file("))
            throw Error(wrapper, $"unsupported include {wrapper.Describe()}: only \"name\", file(\"name\") and required(...) can be included");
        var name = Next();
        if (name.Kind != HoconTokenKind.QuotedString) throw Error(name, $"expected a quoted file name after include but got {name.Describe()}");
        if (wrapper is not null)
        {
            string closing = new(')', wrapper.Text.Count(c => c == '('));
            var close = Next();
            if (close.Kind != HoconTokenKind.UnquotedText || close.Text != closing)
                throw Error(close, $"expected '{closing}' to close '{wrapper.Text}' but got {close.Describe()}");
        }
        var (fullPath, displayName) = _includes.Locate(name.Text);
        if (_includes.Contains(fullPath)) throw Error(keyword, $"include cycle: {_includes.Describe(displayName)}");
        if (!File.Exists(fullPath)) throw Error(name, $"included file \"{name.Text}\" not found (looked for {fullPath})");
        string text = File.ReadAllText(fullPath);
        ParseDocument(target, text, displayName, path ?? [], _includes.Enter(displayName, fullPath));
    }
}

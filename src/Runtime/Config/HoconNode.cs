using System.Text.RegularExpressions;

namespace ActorTrain.Runtime.Config;

/// <summary>
/// A value in the config tree. Parsing yields objects, arrays and scalars plus the three
/// unresolved kinds (substitution, concatenation, merge); resolution leaves only the first three.
/// </summary>
internal abstract class HoconNode(string origin)
{
    /// <summary>Where the value was written, as "file:line:column".</summary>
    public string Origin { get; } = origin;

    public abstract string Describe();
}

internal enum ScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A string, number, boolean or null; <see cref="Text"/> keeps numbers as written.</summary>
internal sealed partial class ScalarNode(ScalarKind kind, string text, string origin) : HoconNode(origin)
{
    public ScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public static ScalarNode String(string text, string origin) => new(ScalarKind.String, text, origin);

    /// <summary>Unquoted text is a number, boolean or null when it spells one exactly (as in JSON).</summary>
    public static ScalarNode FromUnquoted(string text, string origin) => text switch
    {
        "true" or "false" => new ScalarNode(ScalarKind.Boolean, text, origin),
        "null" => new ScalarNode(ScalarKind.Null, text, origin),
        _ when JsonNumber().IsMatch(text) => new ScalarNode(ScalarKind.Number, text, origin),
        _ => String(text, origin),
    };

    public override string Describe() => Kind switch
    {
        ScalarKind.String => $"string {JsonString.Quote(Text)}",
        ScalarKind.Number => $"number {Text}",
        ScalarKind.Boolean => $"boolean {Text}",
        _ => "null",
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}

internal sealed class ArrayNode(IReadOnlyList<HoconNode> items, string origin) : HoconNode(origin)
{
    public IReadOnlyList<HoconNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary><c>${path}</c> or <c>${?path}</c>, looked up in the whole tree once parsing is done.</summary>
internal sealed class SubstitutionNode(
    IReadOnlyList<string> path, bool optional, IReadOnlyList<string> includePrefix, string expression, string origin)
    : HoconNode(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    /// <summary>Where the file holding this substitution was included; tried before the plain path.</summary>
    public IReadOnlyList<string> IncludePrefix { get; } = includePrefix;

    /// <summary>
    /// Set for a self-reference (<c>a = ${a} x</c>) with no earlier value: looking in the config
    /// would find the field itself, so only the environment may answer.
    /// </summary>
    public bool EnvironmentOnly { get; private init; }

    public string Expression { get; } = expression;

    public SubstitutionNode AsEnvironmentOnly() =>
        new(Path, Optional, IncludePrefix, Expression, Origin) { EnvironmentOnly = true };

    /// <summary>
    /// When this substitution points at <paramref name="fieldPath"/> or below it, the rest of its path
    /// under the field (empty for the field itself); otherwise null.
    /// </summary>
    public IReadOnlyList<string>? PathBelow(IReadOnlyList<string> fieldPath)
    {
        foreach (var candidate in new[] { [.. IncludePrefix, .. Path], Path })
        {
            if (candidate.Count >= fieldPath.Count && candidate.Take(fieldPath.Count).SequenceEqual(fieldPath))
                return candidate.Skip(fieldPath.Count).ToList();
        }
        return null;
    }

    public override string Describe() => $"substitution {Expression}";
}

/// <summary>One piece of a value concatenation and the whitespace written before it.</summary>
internal readonly record struct ConcatPart(string WhitespaceBefore, HoconNode Value);

/// <summary>Adjacent values on one line: strings join, arrays append, objects merge.</summary>
internal sealed class ConcatNode(IReadOnlyList<ConcatPart> parts, string origin) : HoconNode(origin)
{
    public IReadOnlyList<ConcatPart> Parts { get; } = parts;

    public override string Describe() => "a concatenation";
}

/// <summary>
/// A field assigned again while one of its values is still unresolved: the later value wins
/// unless both turn out to be objects (then they merge) or the later one is undefined.
/// </summary>
internal sealed class MergeNode(HoconNode earlier, HoconNode later) : HoconNode(later.Origin)
{
    public HoconNode Earlier { get; } = earlier;

    public HoconNode Later { get; } = later;

    public override string Describe() => "a merge";
}

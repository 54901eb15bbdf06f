namespace ActorTrain.Runtime.Config;

/// <summary>
/// An object with fields in the order they were first written. Mutable only while the parser
/// builds it; a resolved tree handed to <see cref="Config"/> is never changed again.
/// </summary>
internal sealed class ObjectNode(string origin) : HoconNode(origin)
{
    private readonly Dictionary<string, HoconNode> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Count => _order.Count;

    public IEnumerable<KeyValuePair<string, HoconNode>> Fields => _order.Select(k => KeyValuePair.Create(k, _fields[k]));

    public HoconNode? Get(string key) => _fields.GetValueOrDefault(key);

    public void Set(string key, HoconNode value)
    {
        if (_fields.TryAdd(key, value)) _order.Add(key);
        else _fields[key] = value;
    }

    /// <summary>
    /// The object that later fields written under <paramref name="key"/> go into, so that
    /// <c>a { x = 1 }</c> after <c>a { y = 2 }</c> merges. A scalar or list there is replaced;
    /// an unresolved value is kept underneath in a merge, decided at resolution.
    /// </summary>
    public ObjectNode ChildForWrite(string key, string origin)
    {
        switch (Get(key))
        {
            case ObjectNode existing:
                return existing;
            case MergeNode { Later: ObjectNode later }:
                return later;
            case null or ScalarNode or ArrayNode:
                var fresh = new ObjectNode(origin);
                Set(key, fresh);
                return fresh;
            case var unresolved:
                var above = new ObjectNode(origin);
                Set(key, new MergeNode(unresolved, above));
                return above;
        }
    }

    /// <summary>
    /// Writes a later value for <paramref name="key"/> with HOCON's rules for a repeated key:
    /// an object merges into the object there, an unresolved value stacks over the earlier one
    /// (decided at resolution), anything else replaces.
    /// </summary>
    public void Assign(string key, HoconNode value)
    {
        switch (value)
        {
            case ObjectNode obj:
                var target = ChildForWrite(key, obj.Origin);
                foreach (var (childKey, childValue) in obj.Fields) target.Assign(childKey, childValue);
                break;
            case SubstitutionNode or ConcatNode or MergeNode when Get(key) is { } earlier:
                Set(key, new MergeNode(earlier, value));
                break;
            default:
                Set(key, value);
                break;
        }
    }

    /// <summary>A copy sharing no object with this one, so that the parser may write into it.</summary>
    public ObjectNode CopyForWrite()
    {
        var copy = new ObjectNode(Origin);
        foreach (var (key, value) in Fields) copy.Set(key, Copy(value));
        return copy;
    }

    private static HoconNode Copy(HoconNode node) => node switch
    {
        ObjectNode obj => obj.CopyForWrite(),
        ArrayNode array => new ArrayNode(array.Items.Select(Copy).ToList(), array.Origin),
        ConcatNode concat => new ConcatNode(concat.Parts.Select(p => p with { Value = Copy(p.Value) }).ToList(), concat.Origin),
        MergeNode merge => new MergeNode(Copy(merge.Earlier), Copy(merge.Later)),
        _ => node,
    };

    /// <summary>Deep merge of resolved objects: keys of <paramref name="later"/> win, objects under the same key merge.</summary>
    public static ObjectNode Merge(ObjectNode later, ObjectNode earlier)
    {
        var result = new ObjectNode(later.Origin);
        foreach (var (key, value) in earlier.Fields) result.Set(key, value);
        foreach (var (key, value) in later.Fields)
            result.Set(key, value is ObjectNode lo && result.Get(key) is ObjectNode eo ? Merge(lo, eo) : value);
        return result;
    }

    public override string Describe() => "an object";
}

using System.Text;

namespace ActorTrain.Runtime.Config;

/// <summary>
/// Replaces every substitution, concatenation and merge by its value, looking paths up in the
/// whole tree (so forward references work) and then in the environment, as Typesafe Config does.
/// Each node is resolved once; meeting a node again while it is being resolved is a cycle.
/// </summary>
internal sealed class SubstitutionResolver
{
    private readonly ObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconNode, HoconNode?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconNode> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<SubstitutionNode> _chain = [];

    private SubstitutionResolver(ObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static ObjectNode Resolve(ObjectNode root, Func<string, string?> environment)
    {
        try
        {
            return (ObjectNode)new SubstitutionResolver(root, environment).Resolve(root)!;
        }
        catch (CycleException cycle)
        {
            throw cycle.Error;
        }
    }

    /// <summary>The resolved value, or null when it is undefined (an optional substitution with nothing behind it).</summary>
    private HoconNode? Resolve(HoconNode node)
    {
        if (node is ScalarNode) return node;
        if (_resolved.TryGetValue(node, out var done)) return done;
        if (!_inProgress.Add(node)) throw new CycleException(CycleError(node));
        HoconNode? result;
        try
        {
            result = node switch
            {
                ObjectNode obj => ResolveObject(obj),
                ArrayNode array => new ArrayNode(array.Items.Select(Resolve).OfType<HoconNode>().ToList(), array.Origin),
                SubstitutionNode substitution => ResolveSubstitution(substitution),
                ConcatNode concat => ResolveConcat(concat),
                MergeNode merge => ResolveMerge(merge),
                _ => throw new InvalidOperationException($"unknown node {node.GetType().Name}"),
            };
        }
        finally
        {
            _inProgress.Remove(node);
        }
        _resolved[node] = result;
        return result;
    }

    private ObjectNode ResolveObject(ObjectNode obj)
    {
        var result = new ObjectNode(obj.Origin);
        foreach (var (key, value) in obj.Fields)
        {
            var resolved = Resolve(value);
            if (resolved is not null) result.Set(key, resolved);
        }
        return result;
    }

    private HoconNode? ResolveMerge(MergeNode merge)
    {
        var later = Resolve(merge.Later);
        if (later is null) return Resolve(merge.Earlier);
        // The earlier value only matters when the later one is an object to merge into it.
        if (later is not ObjectNode laterObject) return later;
        return Resolve(merge.Earlier) is ObjectNode earlierObject ? ObjectNode.Merge(laterObject, earlierObject) : later;
    }

    private HoconNode? ResolveConcat(ConcatNode concat)
    {
        var parts = new List<ConcatPart>();
        foreach (var part in concat.Parts)
        {
            var value = Resolve(part.Value);
            if (value is not null) parts.Add(part with { Value = value });
        }
        if (parts.Count <= 1) return parts.Count == 0 ? null : parts[0].Value;
        var first = parts[0].Value;
        var mismatch = parts.FirstOrDefault(p => p.Value.GetType() != first.GetType()).Value;
        if (mismatch is not null)
            throw new ConfigException(mismatch.Origin, $"cannot concatenate {first.Describe()} with {mismatch.Describe()}");
        switch (first)
        {
            case ArrayNode:
                return new ArrayNode(parts.SelectMany(p => ((ArrayNode)p.Value).Items).ToList(), concat.Origin);
            case ObjectNode:
                return parts.Skip(1).Aggregate((ObjectNode)first, (merged, p) => ObjectNode.Merge((ObjectNode)p.Value, merged));
            default:
                var text = new StringBuilder(((ScalarNode)first).Text);
                foreach (var part in parts.Skip(1)) text.Append(part.WhitespaceBefore).Append(((ScalarNode)part.Value).Text);
                return ScalarNode.String(text.ToString(), concat.Origin);
        }
    }

    private HoconNode? ResolveSubstitution(SubstitutionNode substitution)
    {
        _chain.Add(substitution);
        try
        {
            HoconNode? found = null;
            try
            {
                if (!substitution.EnvironmentOnly && substitution.IncludePrefix.Count > 0)
                    found = Lookup([.. substitution.IncludePrefix, .. substitution.Path]);
                if (!substitution.EnvironmentOnly) found ??= Lookup(substitution.Path);
            }
            catch (CycleException) when (substitution.Optional)
            {
                // The spec treats a cycle through an optional substitution as a missing value.
            }
            if (found is not null) return found;
            string variable = string.Join('.', substitution.Path);
            string? fromEnvironment = _environment(variable);
            if (fromEnvironment is not null) return ScalarNode.String(fromEnvironment, substitution.Origin);
            if (substitution.Optional) return null;
            var nearest = KeySuggestions.Nearest(PathExpression.Render(substitution.Path), KnownPaths(_root, []));
            string hint = nearest.Count == 0 ? "" : $"; nearest keys: {string.Join(", ", nearest)}";
            throw new ConfigException(substitution.Origin,
                $"could not resolve substitution {substitution.Expression}: no such key and no environment variable '{variable}'{hint}");
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    private HoconNode? Lookup(IReadOnlyList<string> path) => LookupIn(_root, path, 0, out _);

    /// <summary>
    /// Finds <c>path[index..]</c> below <paramref name="node"/> resolving as little as possible: objects
    /// are walked, not resolved whole, and merges and concatenations are searched layer by layer, so a
    /// field may refer to a sibling inside an object that is itself still being resolved.
    /// <paramref name="shadowed"/> tells that a scalar or list stands on the path, hiding any layer below.
    /// </summary>
    private HoconNode? LookupIn(HoconNode node, IReadOnlyList<string> path, int index, out bool shadowed)
    {
        shadowed = false;
        if (index == path.Count) return Resolve(node);
        switch (node)
        {
            case ObjectNode obj:
                var child = obj.Get(path[index]);
                return child is null ? null : LookupIn(child, path, index + 1, out shadowed);
            case MergeNode merge:
                return LookupInLayers([merge.Earlier, merge.Later], path, index, out shadowed);
            case ConcatNode concat:
                return LookupInLayers(concat.Parts.Select(p => p.Value).ToList(), path, index, out shadowed);
            default:
                var resolved = Resolve(node);
                if (resolved is ObjectNode resolvedObject) return LookupIn(resolvedObject, path, index, out shadowed);
                shadowed = resolved is not null;
                return null;
        }
    }

    /// <summary>Layers are listed earliest first; objects found merge downward until a non-object ends the stack.</summary>
    private HoconNode? LookupInLayers(IReadOnlyList<HoconNode> layers, IReadOnlyList<string> path, int index, out bool shadowed)
    {
        ObjectNode? merged = null;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            var found = LookupIn(layers[i], path, index, out bool layerShadowed);
            if (found is ObjectNode obj)
            {
                merged = merged is null ? obj : ObjectNode.Merge(merged, obj);
                continue;
            }
            if (merged is not null) break;
            if (found is not null || layerShadowed)
            {
                shadowed = layerShadowed;
                return found;
            }
        }
        shadowed = false;
        return merged;
    }

    private ConfigException CycleError(HoconNode repeated)
    {
        int start = Math.Max(0, _chain.FindIndex(s => ReferenceEquals(s, repeated)));
        var steps = _chain.Skip(start).Select(s => s.Expression).ToList();
        string closing = repeated is SubstitutionNode s ? s.Expression : $"{repeated.Describe()} at {repeated.Origin} that contains it";
        return new ConfigException(_chain[^1].Origin, $"substitution cycle: {string.Join(" -> ", steps)} -> {closing}");
    }

    /// <summary>Carries a cycle up to the nearest optional substitution, which turns it into "undefined".</summary>
    private sealed class CycleException(ConfigException error) : Exception(error.Message)
    {
        public ConfigException Error { get; } = error;
    }

    private static IEnumerable<string> KnownPaths(ObjectNode obj, IReadOnlyList<string> prefix)
    {
        foreach (var (key, value) in obj.Fields)
        {
            IReadOnlyList<string> path = [.. prefix, key];
            yield return PathExpression.Render(path);
            if (value is ObjectNode child)
                foreach (string nested in KnownPaths(child, path)) yield return nested;
        }
    }
}

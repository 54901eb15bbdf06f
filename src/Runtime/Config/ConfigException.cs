namespace ActorTrain.Runtime.Config;

/// <summary>
/// A malformed, unresolvable or mistyped configuration. The message always starts with
/// "file:line:column:" so that editors and terminals can jump to the offending text.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string origin, string problem)
        : base($"{origin}: {problem}")
    {
        Origin = origin;
        Problem = problem;
    }

    /// <summary>Where the problem is, as "file:line:column".</summary>
    public string Origin { get; }

    /// <summary>The message without its origin.</summary>
    public string Problem { get; }
}

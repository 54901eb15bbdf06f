using System.Text;

namespace ActorTrain.Runtime.Config;

/// <summary>Paths such as <c>a.b."c.d"</c>: dots split segments unless quoted.</summary>
internal static class PathExpression
{
    public static IReadOnlyList<string> Parse(string expression, string origin)
    {
        string text = expression.Trim();
        var segments = new List<string>();
        var current = new StringBuilder();
        bool hasContent = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '"')
            {
                string? quoted = JsonString.TryRead(text, i, out i, out string? error);
                if (quoted is null) throw new ConfigException(origin, $"{error} in path '{expression}'");
                current.Append(quoted);
                hasContent = true;
                continue;
            }
            if (c == '.')
            {
                EndSegment();
            }
            else
            {
                current.Append(c);
                hasContent = true;
            }
            i++;
        }
        EndSegment();
        return segments;

        void EndSegment()
        {
            if (!hasContent)
                throw new ConfigException(origin, $"invalid path '{expression}': empty path segment");
            segments.Add(current.ToString());
            current.Clear();
            hasContent = false;
        }
    }

    public static string Render(IEnumerable<string> segments) => string.Join('.', segments.Select(RenderSegment));

    public static string RenderSegment(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? segment
            : JsonString.Quote(segment);
}

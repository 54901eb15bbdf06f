namespace ActorTrain.Runtime.Config;

/// <summary>Finds the valid keys closest to a mistyped one, e.g. "training.epochs" for "trainng.epochs".</summary>
public static class KeySuggestions
{
    /// <summary>
    /// Up to <paramref name="max"/> keys within two edits (case-insensitive) of <paramref name="key"/>,
    /// or whose last segment is within a third of its length of the key's last segment; nearest first.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string key, IEnumerable<string> validKeys, int max = 3)
    {
        string lastSegment = LastSegment(key);
        return validKeys
            .Distinct(StringComparer.Ordinal)
            .Select(candidate =>
            {
                int whole = EditDistance(key, candidate);
                int last = EditDistance(lastSegment, LastSegment(candidate));
                bool close = whole <= WholeKeyTolerance || last <= Tolerance(lastSegment);
                return (candidate, close, score: Math.Min(whole, last), whole);
            })
            .Where(c => c.close)
            .OrderBy(c => c.score)
            .ThenBy(c => c.whole)
            .ThenBy(c => c.candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.candidate)
            .ToList();
    }

    /// <summary>
    /// Whole keys share long prefixes, so a length-relative tolerance would let "training.epoch"
    /// match "training.batch"; two edits anywhere in the key are accepted, more only in the last segment.
    /// </summary>
    private const int WholeKeyTolerance = 2;

    /// <summary>A third of the length lets "epoch" match "epochs" without "lr" matching "id".</summary>
    private static int Tolerance(string text) => Math.Max(1, text.Length / 3);

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];

    /// <summary>Levenshtein distance over two rows.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

namespace ActorTrain.Runtime.Config;

/// <summary>
/// Sizes in bytes with Typesafe Config's units: K, k, Ki, KiB and kibibytes are powers of 1024;
/// kB (and KB, which Typesafe rejects but users write) and kilobytes are powers of 1000. A bare number is bytes.
/// </summary>
internal static class ByteSizeParser
{
    private const string UnitList = "B, K/Ki/KiB (1024), kB/KB (1000), M/Mi/MiB, MB, G/Gi/GiB, GB, T, P, E";

    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    public static bool TryParse(string text, out long value, out string error)
    {
        value = 0;
        if (!NumberWithUnit.TryParse(text, out var parsed))
        {
            error = $"not a size in bytes: {JsonString.Quote(text)} (expected a number and a unit: {UnitList})";
            return false;
        }
        if (!BytesPerUnit.TryGetValue(parsed.Unit, out decimal factor))
        {
            error = $"bad size unit '{parsed.Unit}' in {JsonString.Quote(text)} (valid units: {UnitList})";
            return false;
        }
        decimal bytes;
        try
        {
            bytes = decimal.Truncate(parsed.Number * factor);
        }
        catch (OverflowException)
        {
            bytes = decimal.MaxValue;
        }
        if (bytes > long.MaxValue || bytes < long.MinValue)
        {
            error = $"size {JsonString.Quote(text)} does not fit in a long";
            return false;
        }
        value = (long)bytes;
        error = "";
        return true;
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        decimal binary = 1, metric = 1;
        for (int i = 0; i < decimalNames.Length; i++)
        {
            binary *= 1024;
            metric *= 1000;
            string upper = "KMGTPE"[i].ToString();
            foreach (string name in new[] { upper, upper.ToLowerInvariant(), upper + "i", upper + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
                units[name] = binary;
            foreach (string name in new[] { upper + "B", decimalNames[i] + "byte", decimalNames[i] + "bytes" })
                units[name] = metric;
        }
        units["kB"] = 1000;
        return units;
    }
}

using System.Globalization;

namespace ActorTrain.Kernels.Data;

/// <summary>
/// Reads a CSV of numeric rows: one column holds the class label (a non-negative integer), the others are features.
/// A first line that is not numeric is taken as a header. Every bad line is reported as file:line with the reason.
/// </summary>
public static class CsvReader
{
    /// <summary>Labels are stored as floats, which hold every integer below 2^24 exactly; larger ones would alias.</summary>
    private const int LabelLimit = 1 << 24;

    public static Dataset Read(string path, int labelColumn = 0, char delimiter = ',', int classes = 0)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        using var reader = new StreamReader(path);
        return Parse(reader, path, labelColumn, delimiter, classes);
    }

    /// <param name="classes">the class count, or 0 to take the largest label + 1.</param>
    public static Dataset Parse(TextReader reader, string name, int labelColumn = 0, char delimiter = ',', int classes = 0)
    {
        var features = new List<float>();
        var labels = new List<float>();
        int width = -1, lineNumber = 0, maxLabel = -1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            string[] fields = line.Split(delimiter);
            if (width < 0 && !float.TryParse(fields[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                width = fields.Length - 1; // header line: fixes the column count
                continue;
            }
            if (width < 0) width = fields.Length - 1;
            if (fields.Length != width + 1)
                throw new DataFormatException($"{name}:{lineNumber}", $"{fields.Length} fields, expected {width + 1}");
            if (labelColumn < 0 || labelColumn > width)
                throw new DataFormatException(name, $"label column {labelColumn} is outside the {width + 1} columns");
            for (int c = 0; c < fields.Length; c++)
            {
                if (!float.TryParse(fields[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new DataFormatException($"{name}:{lineNumber}", $"column {c + 1} is not a finite number: '{fields[c]}'");
                if (c != labelColumn)
                {
                    features.Add(v);
                    continue;
                }
                int limit = classes > 0 ? classes : LabelLimit;
                if (v < 0 || v != MathF.Floor(v) || v >= limit)
                    throw new DataFormatException($"{name}:{lineNumber}", $"label '{fields[c]}' is not a class index in [0, {limit})");
                labels.Add(v);
                maxLabel = Math.Max(maxLabel, (int)v);
            }
        }
        if (labels.Count == 0) throw new DataFormatException(name, "no data rows");
        if (width < 1) throw new DataFormatException(name, "rows need a label and at least one feature");
        return new Dataset(name, features.ToArray(), labels.ToArray(), width, 1, classes > 0 ? classes : maxLabel + 1);
    }
}

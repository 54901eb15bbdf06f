using System.Globalization;

namespace ActorTrain.Runtime.Config;

/// <summary>Text such as "100ms", "2 minutes" or "1.5k": a number, optional spaces, then letters.</summary>
internal readonly record struct NumberWithUnit(decimal Number, string Unit)
{
    public static bool TryParse(string text, out NumberWithUnit value)
    {
        string trimmed = text.Trim();
        int unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsLetter(trimmed[unitStart - 1])) unitStart--;
        bool parsed = decimal.TryParse(trimmed[..unitStart].TrimEnd(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number);
        value = new NumberWithUnit(number, trimmed[unitStart..]);
        return parsed;
    }
}

using System.Globalization;
using System.Text;

namespace ActorTrain.Runtime.Config;

/// <summary>JSON string escapes, shared by the tokenizer, path expressions and rendering.</summary>
internal static class JsonString
{
    /// <summary>
    /// Reads the quoted string opening at <paramref name="openQuote"/>. Returns null with an error
    /// when the string is unterminated (a newline ends it too) or holds an invalid escape.
    /// </summary>
    public static string? TryRead(string text, int openQuote, out int afterClose, out string? error)
    {
        var content = new StringBuilder();
        int i = openQuote + 1;
        while (i < text.Length && text[i] != '\n')
        {
            char c = text[i];
            if (c == '"')
            {
                afterClose = i + 1;
                error = null;
                return content.ToString();
            }
            if (c != '\\')
            {
                content.Append(c);
                i++;
                continue;
            }
            char e = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (e)
            {
                case '"': case '\\': case '/': content.Append(e); break;
                case 'b': content.Append('\b'); break;
                case 'f': content.Append('\f'); break;
                case 'n': content.Append('\n'); break;
                case 'r': content.Append('\r'); break;
                case 't': content.Append('\t'); break;
                case 'u' when i + 6 <= text.Length
                    && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    content.Append((char)code);
                    i += 4;
                    break;
                default:
                    afterClose = i;
                    error = $"invalid escape '\\{(e == '\0' ? "" : e.ToString())}' in quoted string";
                    return null;
            }
            i += 2;
        }
        afterClose = i;
        error = "unterminated string: missing closing '\"' before end of line";
        return null;
    }

    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

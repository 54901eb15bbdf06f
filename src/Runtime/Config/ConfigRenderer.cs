using System.Text;

namespace ActorTrain.Runtime.Config;

/// <summary>Writes a resolved tree as HOCON that reads back to the same tree: root without braces, strings quoted.</summary>
internal static class ConfigRenderer
{
    private const string Indent = "  ";

    public static string Render(ObjectNode root)
    {
        var text = new StringBuilder();
        WriteFields(text, root, 0);
        return text.ToString();
    }

    private static void WriteFields(StringBuilder text, ObjectNode obj, int depth)
    {
        foreach (var (key, value) in obj.Fields)
        {
            text.Append(Pad(depth)).Append(PathExpression.RenderSegment(key)).Append(value is ObjectNode ? " " : " = ");
            WriteValue(text, value, depth);
            text.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder text, HoconNode value, int depth)
    {
        switch (value)
        {
            case ObjectNode { Count: 0 }:
                text.Append("{}");
                break;
            case ObjectNode obj:
                text.Append("{\n");
                WriteFields(text, obj, depth + 1);
                text.Append(Pad(depth)).Append('}');
                break;
            case ArrayNode array when array.Items.All(i => i is ScalarNode):
                text.Append('[').AppendJoin(", ", array.Items.Select(i => Scalar((ScalarNode)i))).Append(']');
                break;
            case ArrayNode array:
                text.Append("[\n");
                foreach (var item in array.Items)
                {
                    text.Append(Pad(depth + 1));
                    WriteValue(text, item, depth + 1);
                    text.Append('\n');
                }
                text.Append(Pad(depth)).Append(']');
                break;
            case ScalarNode scalar:
                text.Append(Scalar(scalar));
                break;
        }
    }

    private static string Scalar(ScalarNode scalar) => scalar.Kind == ScalarKind.String ? JsonString.Quote(scalar.Text) : scalar.Text;

    private static string Pad(int depth) => string.Concat(Enumerable.Repeat(Indent, depth));
}

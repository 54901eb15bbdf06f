using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Models;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// Starts a model from another run's parameters: every segment whose name and size match is copied; the rest (a new
/// output layer, a resized hidden layer) keeps its fresh initialization and is reported.
/// </summary>
public static class WarmStart
{
    public sealed record Report(IReadOnlyList<string> Copied, IReadOnlyList<string> Reinitialized);

    public static Report Apply(Sequential model, IDeviceStream stream, Checkpoint source)
    {
        var available = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        foreach (string entry in source.Header.Segments)
        {
            string[] parts = entry.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[1], out int offset) || !int.TryParse(parts[2], out int length)
                || offset < 0 || length < 0 || offset + (long)length > source.Parameters.Length)
                throw new InvalidDataException($"checkpoint segment '{entry}' is malformed or outside its {source.Parameters.Length} parameters");
            available[parts[0]] = (offset, length);
        }
        var copied = new List<string>();
        var fresh = new List<string>();
        foreach (var segment in model.Layout.Segments)
        {
            if (available.TryGetValue(segment.Name, out var from) && from.Length == segment.Length)
            {
                stream.Upload(source.Parameters.AsMemory(from.Offset, from.Length), model.Parameters.Slice(segment.Offset, segment.Length)).Wait();
                copied.Add(segment.Name);
            }
            else
            {
                fresh.Add(available.TryGetValue(segment.Name, out var other)
                    ? $"{segment.Name} (size {segment.Length}, checkpoint has {other.Length})"
                    : $"{segment.Name} (not in checkpoint)");
            }
        }
        return new Report(copied, fresh);
    }
}

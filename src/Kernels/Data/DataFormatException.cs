namespace ActorTrain.Kernels.Data;

/// <summary>A data file that cannot be read as what it claims to be; the message names the file and the problem.</summary>
public sealed class DataFormatException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}

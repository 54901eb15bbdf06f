namespace ActorTrain.Bench;

/// <summary>
/// One benchmark, found by reflection and run as `dotnet run -c Release --project bench/ActorTrain.Bench -- NAME [args]`.
/// Each prints its own table of figures measured side by side in one run (ours vs the reference), since the machine is shared and noisy.
/// </summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    int Run(string[] args);
}

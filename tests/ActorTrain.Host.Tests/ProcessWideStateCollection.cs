namespace ActorTrain.Host.Tests;

/// <summary>
/// Runs share process-wide state — OpenBLAS's thread count, which a data-parallel run lowers to one per worker and which
/// changes how GEMM partitions its sums — so the test classes that train run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "process-wide OpenBLAS threads";
}

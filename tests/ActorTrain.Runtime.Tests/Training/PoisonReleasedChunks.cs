using System.Runtime.CompilerServices;
using ActorTrain.Runtime.Training.DataParallel;

namespace ActorTrain.Runtime.Tests.Training;

/// <summary>
/// Every data-parallel run in these tests poisons the chunks it lets go (<see cref="ChunkPool.PoisonReleased"/>): a
/// read after release makes NaN, which the equivalence and accuracy tests cannot miss.
/// </summary>
internal static class PoisonReleasedChunks
{
    [ModuleInitializer]
    internal static void Enable() => ChunkPool.PoisonReleased = true;
}

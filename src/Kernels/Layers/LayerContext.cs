using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Layers;

/// <summary>What a layer needs to know about the pass it is part of.</summary>
/// <param name="Training">training pass (dropout active, batch statistics) or evaluation.</param>
/// <param name="Step">optimizer step, part of the dropout key.</param>
/// <param name="Seed">run seed, part of the dropout key.</param>
/// <param name="RowOffset">index of this batch's first row in the global mini-batch (data-parallel shards).</param>
/// <param name="GlobalRows">rows of the global mini-batch; equals the local rows on one device.</param>
/// <param name="Reducer">adds per-replica batch-norm sums across replicas (SyncBatchNorm); null keeps statistics local.</param>
/// <param name="GradientsFinalFrom">
/// backward: called as a layer finishes part of its parameters' gradient, with the flat offset from which the model's
/// gradient is complete (and the layer reads no parameter of its own at or after it any more); null when nobody ships
/// the gradient early. Set by <see cref="Models.Sequential"/>, with <paramref name="ParameterOffset"/>.
/// </param>
/// <param name="ParameterOffset">backward: the flat offset of the layer's first parameter.</param>
public readonly record struct LayerContext(
    IDeviceStream Stream,
    bool Training,
    long Step = 0,
    ulong Seed = 0,
    int RowOffset = 0,
    int GlobalRows = 0,
    ICrossReplicaReducer? Reducer = null,
    Action<int>? GradientsFinalFrom = null,
    int ParameterOffset = 0);

/// <summary>Sums a small device vector across data-parallel replicas in place (an all-reduce), for SyncBatchNorm.</summary>
public interface ICrossReplicaReducer
{
    void AllReduce(IDeviceStream stream, DeviceSpan values);
}

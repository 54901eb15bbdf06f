using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Layers;

/// <summary>What a layer needs to know about the pass it is part of.</summary>
/// <param name="Training">training pass (dropout active, batch statistics) or evaluation.</param>
/// <param name="Step">optimizer step, part of the dropout key.</param>
/// <param name="Seed">run seed, part of the dropout key.</param>
/// <param name="RowOffset">index of this batch's first row in the global mini-batch (data-parallel shards).</param>
/// <param name="GlobalRows">rows of the global mini-batch; equals the local rows on one device.</param>
/// <param name="Reducer">adds per-replica batch-norm sums across replicas (SyncBatchNorm); null keeps statistics local.</param>
public readonly record struct LayerContext(
    IDeviceStream Stream,
    bool Training,
    long Step = 0,
    ulong Seed = 0,
    int RowOffset = 0,
    int GlobalRows = 0,
    ICrossReplicaReducer? Reducer = null);

/// <summary>Sums a small device vector across data-parallel replicas in place (an all-reduce), for SyncBatchNorm.</summary>
public interface ICrossReplicaReducer
{
    void AllReduce(IDeviceStream stream, DeviceSpan values);
}

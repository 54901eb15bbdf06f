using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Actors;
using Microsoft.Extensions.Logging;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>
/// Runs one data-parallel job in an embedded single-host actor system: initial parameters from the seed (exactly as
/// the single-device loop makes them), a coordinator, and a wait that ends with the result or with the reason the job
/// could not go on — never unbounded.
/// </summary>
public static class DataParallelTrainer
{
    /// <param name="serializeMessages">round-trip every local message through the MessagePack codec (tests run with it on).</param>
    public static DataParallelResult Run(DataParallelSetup setup, bool serializeMessages = false, Action<EpochMetrics>? onEpoch = null,
        ILoggerFactory? logging = null, CancellationToken cancellation = default)
    {
        Validate(setup);
        var (parameters, state) = InitialValues(setup);
        var settings = serializeMessages
            ? ProtocolRegistry.SerializingSettings(new ActorSystemSettings { LoggerFactory = logging ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance })
            : new ActorSystemSettings { LoggerFactory = logging ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        using var system = ActorSystem.Create("actortrain", settings);
        var done = new TaskCompletionSource<DataParallelResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellation.Register(() => done.TrySetCanceled(cancellation));
        system.ActorOf(Props.Create(() => new Coordinator(setup, parameters, state, done, onEpoch)), "coordinator");
        try
        {
            return done.Task.GetAwaiter().GetResult();
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The parameters and layer state a fresh single-device run starts from, for the same seed.</summary>
    public static (float[] Parameters, float[] State) InitialValues(DataParallelSetup setup)
    {
        using IDevice device = setup.Device("cpu:init");
        using var stream = device.CreateStream();
        using var model = setup.Model(device, 1);
        model.Initialize(stream, setup.Seed);
        return (Kernels.Models.Sequential.Download(stream, model.Parameters.All), Kernels.Models.Sequential.Download(stream, model.State.All));
    }

    private static void Validate(DataParallelSetup setup)
    {
        if (setup.Devices.Count < 1) throw new ArgumentException("data parallelism needs at least one device");
        if (setup.GlobalBatch < setup.Devices.Count)
            throw new ArgumentException($"a global batch of {setup.GlobalBatch} rows cannot be split across {setup.Devices.Count} workers");
        if (setup.Staleness < 0) throw new ArgumentOutOfRangeException(nameof(setup), setup.Staleness, "staleness must be ≥ 0");
        if (setup.PullEvery < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.PullEvery, "pull-every must be ≥ 1");
        if (setup.ChunkFloats < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.ChunkFloats, "chunk size must be ≥ 1");
        if (setup.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(setup), setup.Epochs, "epochs must be ≥ 1");
    }
}

using ActorTrain.Runtime.Actors;
using ActorTrain.Runtime.Remote.Serialization;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>The codec's registry for the data-parallel protocol, with stable type ids, and the serialize-messages hook built on it.</summary>
public static class ProtocolRegistry
{
    /// <summary>Protocol messages in id order, from <see cref="FirstId"/>; append only.</summary>
    private static readonly Type[] Messages =
    [
        typeof(GradientChunk),
        typeof(PullParameters),
        typeof(ParameterChunk),
        typeof(ShardApplied),
        typeof(NormPartial),
        typeof(GlobalNorm),
        typeof(Plan),
        typeof(WorkerReady),
        typeof(Assignment),
        typeof(StepDone),
        typeof(Clock),
        typeof(SnapshotRequest),
        typeof(ShardSnapshot),
        typeof(ReplicaState),
        typeof(Evaluate),
        typeof(Evaluated),
        typeof(ShardRestored),
        typeof(ReduceRequest),
        typeof(ReduceReply),
        typeof(ReductionStatusRequest),
        typeof(ReductionStatus),
        typeof(Diverged),
    ];

    public const int FirstId = 100;

    public static MessageRegistry Create()
    {
        var registry = new MessageRegistry();
        var register = typeof(ProtocolRegistry).GetMethod(nameof(RegisterRecord), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        for (int i = 0; i < Messages.Length; i++) register.MakeGenericMethod(Messages[i]).Invoke(null, [registry, FirstId + i]);
        registry.Register(90, new SingletonSerializer<PoisonPill>(PoisonPill.Instance));
        registry.Register(91, new SingletonSerializer<Kill>(Kill.Instance));
        return registry;
    }

    /// <summary>Settings of an actor system whose local Tells all round-trip through this protocol's codec.</summary>
    public static ActorSystemSettings SerializingSettings(ActorSystemSettings? template = null)
    {
        var roundTrip = new MessageRoundTrip(Create());
        return new ActorSystemSettings
        {
            LoggerFactory = template?.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            SerializeMessages = true,
            MessageRoundTrip = roundTrip.RoundTrip,
        };
    }

    private static void RegisterRecord<T>(MessageRegistry registry, int id) where T : notnull =>
        registry.Register(id, new PositionalRecordSerializer<T>());

    /// <summary>Messages that are one instance (PoisonPill, Kill): nil on the wire, the instance on arrival.</summary>
    private sealed class SingletonSerializer<T>(T instance) : IMessageSerializer<T>
    {
        public void Write(ref MessagePackWriter writer, T value) => writer.WriteNil();

        public T Read(ref MessagePackReader reader)
        {
            reader.ReadNil();
            return instance;
        }
    }
}

namespace ActorTrain.Runtime.Remote.Serialization;

/// <summary>The MessagePack timestamp extension (type -1): seconds since the Unix epoch plus nanoseconds in 0..999 999 999.</summary>
public readonly record struct MessagePackTimestamp
{
    public const sbyte ExtensionType = -1;

    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, 1_000_000_000u);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    public long Seconds { get; }
    public uint Nanoseconds { get; }

    public static MessagePackTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        return new MessagePackTimestamp(seconds, (uint)(rest * 100));
    }

    /// <summary>Converts to a DateTimeOffset (UTC), truncating to 100 ns ticks; throws when outside DateTimeOffset's range.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks(checked(Seconds * TimeSpan.TicksPerSecond) + Nanoseconds / 100);
}

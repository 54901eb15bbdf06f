namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

/// <summary>Durations and sizes, with the unit tables of Typesafe Config.</summary>
public sealed class UnitParsingTests
{
    [Theory]
    [InlineData("5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("100ms", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1h", TimeSpan.TicksPerHour)]
    [InlineData("500us", 5000)]
    [InlineData("10ns", 0)]
    [InlineData("300ns", 3)]
    [InlineData("3d", 3 * TimeSpan.TicksPerDay)]
    [InlineData("1.5s", 15_000_000)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("250", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("\"7 millis\"", 7 * TimeSpan.TicksPerMillisecond)]
    public void GetDuration_Units_ConvertToTicks(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), Hocon.Parse($"d = {text}").GetDuration("d"));
    }

    [Fact]
    public void GetDuration_BadUnit_FailsWithOriginAndUnits()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("t {\n  d = 3 fortnights\n}").GetDuration("t.d"));
        Assert.StartsWith("test.hocon:2:7: bad duration unit 'fortnights' in \"3 fortnights\" (valid units: ns, us, ms", error.Message);
        Assert.EndsWith("at t.d", error.Message);
    }

    [Fact]
    public void GetDuration_HugeNumber_FailsAsOutOfRange()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("d = 1e20").GetDuration("d"));
        Assert.Equal("test.hocon:1:5: duration \"1e20\" is out of range at d", error.Message);
    }

    [Fact]
    public void GetDuration_OnList_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("d = [1s]").GetDuration("d"));
        Assert.Equal("test.hocon:1:5: expected a duration at d but got a list", error.Message);
    }

    [Fact]
    public void GetDuration_NoNumber_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("d = soon").GetDuration("d"));
        Assert.StartsWith("test.hocon:1:5: not a duration: \"soon\"", error.Message);
    }

    [Theory]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("1k", 1024)]
    [InlineData("1K", 1024)]
    [InlineData("1Ki", 1024)]
    [InlineData("1KiB", 1024)]
    [InlineData("1kB", 1000)]
    [InlineData("1KB", 1000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("512 bytes", 512)]
    [InlineData("10M", 10L << 20)]
    [InlineData("3 megabytes", 3_000_000)]
    [InlineData("2 gibibytes", 2L << 30)]
    [InlineData("1.5k", 1536)]
    [InlineData("1T", 1L << 40)]
    [InlineData("100", 100)]
    [InlineData("8b", 8)]
    public void GetBytes_Units_ConvertToBytes(string text, long bytes)
    {
        Assert.Equal(bytes, Hocon.Parse($"s = {text}").GetBytes("s"));
    }

    [Fact]
    public void GetBytes_BadUnit_FailsWithOrigin()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("s = 5 parsecs").GetBytes("s"));
        Assert.StartsWith("test.hocon:1:5: bad size unit 'parsecs'", error.Message);
    }

    [Fact]
    public void GetBytes_Overflow_Fails()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("s = 9000E").GetBytes("s"));
        Assert.Contains("does not fit in a long", error.Message);
    }
}

using ActorTrain.Kernels.Devices;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// The contract of <see cref="IDevice"/> and <see cref="IDeviceStream"/>, written once and run for every device by a
/// subclass that supplies <see cref="CreateDevice"/> (as dotnet/runtime's ChannelTestBase). Every op is checked against
/// the scalar, double-accumulating reference device on the same seeded inputs, on slices at odd offsets of larger
/// buffers whose surroundings must stay untouched, and at lengths that are not multiples of any SIMD width.
/// Partial files group the ops: memory and arguments here, then linear algebra, activations, losses, dropout,
/// batch norm and optimizers.
/// </summary>
public abstract partial class DeviceContractTests
{
    /// <summary>Lengths around the vector widths 4, 8 and 16, so every vector loop runs with and without a scalar tail.</summary>
    public static TheoryData<int> Lengths => new() { 1, 3, 7, 8, 15, 16, 17, 33, 127, 129, 1000 };

    /// <summary>A fresh device of the kind under test, named <c>cpu:0</c> or the like.</summary>
    protected abstract IDevice CreateDevice(long memoryLimitBytes = long.MaxValue);

    private OraclePair Pair(ulong seed) => new(CreateDevice(), seed);

    [Fact]
    public void Allocate_NewBuffer_IsZeroFilledAndCounted()
    {
        using var device = CreateDevice();
        using var stream = device.CreateStream();
        using var buffer = device.Allocate(37);
        var values = new float[37];
        Array.Fill(values, 1f);

        stream.Download(buffer.All, values).Wait();

        Assert.All(values, v => Assert.Equal(0f, v));
        Assert.Equal(37 * sizeof(float), device.AllocatedBytes);
    }

    [Fact]
    public void Allocate_BeyondLimit_ThrowsOutOfMemoryNamingRequestAndFree()
    {
        using var device = CreateDevice(memoryLimitBytes: 1000);
        using var first = device.Allocate(200); // 800 bytes, 200 left

        var e = Assert.Throws<DeviceOutOfMemoryException>(() => device.Allocate(51));

        Assert.Equal($"device {device.Name} out of memory: requested 204 bytes, free 200 bytes", e.Message);
        Assert.Equal(800, device.AllocatedBytes);
    }

    [Fact]
    public void Allocate_ExactlyUpToLimit_Succeeds()
    {
        using var device = CreateDevice(memoryLimitBytes: 400);
        using var buffer = device.Allocate(100);

        Assert.Equal(400, device.AllocatedBytes);
    }

    [Fact]
    public void Dispose_Buffer_ReturnsBudgetOnce()
    {
        using var device = CreateDevice(memoryLimitBytes: 1000);
        var first = device.Allocate(200);
        using var other = device.Allocate(10);

        first.Dispose();
        first.Dispose();

        Assert.Equal(40, device.AllocatedBytes);
        using var second = device.Allocate(240); // fits only if the 800 bytes came back
        Assert.Equal(1000, device.AllocatedBytes);
    }

    [Fact]
    public void Allocate_NegativeLength_ThrowsArgumentException()
    {
        using var device = CreateDevice();

        var e = Assert.ThrowsAny<ArgumentException>(() => device.Allocate(-1));

        Assert.Contains("-1", e.Message);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UploadDownload_SliceAtOffset_RoundTripsAndLeavesNeighboursAlone(int length)
    {
        using var pair = Pair(1);
        float[] values = pair.GaussianValues(length);
        var x = pair.Upload(values); // the upload itself went through a slice; its guards are checked here

        x.AssertGuardsUntouched();
        Assert.Equal(values, x.Actual());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Fill_Slice_WritesOnlyTheSlice(int length)
    {
        using var pair = Pair(2);
        var x = pair.Gaussian(length);

        pair.Run(s => s.Fill(x.On(s), -2.5f));

        Assert.All(x.Actual(), v => Assert.Equal(-2.5f, v));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Copy_Slices_CopiesExactly(int length)
    {
        using var pair = Pair(3);
        var x = pair.Gaussian(length);
        var y = pair.Gaussian(length);

        pair.Run(s => s.Copy(x.On(s), y.On(s)));

        Assert.Equal(x.Expected(), y.Actual());
    }

    [Fact]
    public async Task Record_AfterWork_CompletesWhenAwaitedAndResultsAreVisible()
    {
        using var pair = Pair(4);
        var x = pair.Gaussian(100);

        pair.Stream.Fill(x.Under, 3f);
        var done = pair.Stream.Record();
        await done;

        Assert.True(done.IsCompleted);
        var values = new float[100];
        await pair.Stream.Download(x.Under, values);
        Assert.All(values, v => Assert.Equal(3f, v));
    }

    /// <summary>
    /// A host-memory buffer bound to a pinned vector reads and writes the vector (every span of it follows), and bound
    /// back to null it finds its own memory as it was left; a device with memory of its own refuses and keeps computing
    /// on its own.
    /// </summary>
    [Fact]
    public void TryBind_HostMemoryComputesOnTheVectorAndGetsItsOwnBack_OtherMemoryRefuses()
    {
        using var device = CreateDevice();
        using var stream = device.CreateStream();
        using var buffer = device.Allocate(5);
        using var result = device.Allocate(1);
        stream.Upload(new float[] { 1, 2, 3, 4, 5 }, buffer.All).Wait();
        var shared = new PinnedVector(5);
        new float[] { 10, 20, 30, 40, 50 }.CopyTo(shared.Values, 0);
        bool hostMemory = buffer.All.TryGetHostMemory(out _);

        Assert.Equal(hostMemory, buffer.TryBind(shared));
        stream.Sum(buffer.Slice(1, 3), result.All);
        stream.Upload(new float[] { 7 }, buffer.Slice(4, 1)).Wait();
        var sum = new float[1];
        stream.Download(result.All, sum).Wait();
        Assert.Equal(hostMemory ? 90f : 9f, sum[0]);
        Assert.Equal(hostMemory ? [10, 20, 30, 40, 7] : new float[] { 10, 20, 30, 40, 50 }, shared.Values);

        buffer.TryBind(null);
        var own = new float[5];
        stream.Download(buffer.All, own).Wait();
        Assert.Equal(hostMemory ? [1, 2, 3, 4, 5] : new float[] { 1, 2, 3, 4, 7 }, own);
        if (hostMemory)
            Assert.Contains("cannot bind a buffer of 5 values", Assert.Throws<ArgumentException>(() => buffer.TryBind(new PinnedVector(4))).Message);
    }
}

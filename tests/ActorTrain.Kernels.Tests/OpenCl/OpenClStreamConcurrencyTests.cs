using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>Streams used from several threads at once (each its own queue and kernel objects), and host memory that the
/// caller drops while an upload is still queued.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClStreamConcurrencyTests(OpenClDeviceFixture fixture)
{
    /// <summary>The same chain of GEMM, activation and optimizer ops, so every thread should end with equal values.</summary>
    private static float[] Chain(IDevice device, int repetitions)
    {
        using var stream = device.CreateStream();
        using var a = device.Allocate(33 * 17);
        using var b = device.Allocate(17 * 29);
        using var c = device.Allocate(33 * 29);
        using var state = device.Allocate(33 * 29);
        stream.Upload(ReferenceComparison.Gaussian(33 * 17, 41), a.All).Wait();
        stream.Upload(ReferenceComparison.Gaussian(17 * 29, 42), b.All).Wait();
        var update = new OptimizerUpdate { Kind = OptimizerKind.Momentum, LearningRate = 0.01f, Step = 1 };
        for (int i = 0; i < repetitions; i++)
        {
            stream.Gemm(Transpose.None, Transpose.None, 33, 29, 17, 1f, a.All, b.All, 0.5f, c.All);
            stream.ActivationForward(Activation.Tanh, c.All, c.All);
            stream.OptimizerStep(update, c.All, c.All, state.All, default, default);
        }
        return Models.Sequential.Download(stream, c.All);
    }

    [Fact]
    public void Streams_OnFourThreadsAtOnce_EachGetTheSingleThreadedResult()
    {
        var expected = Chain(fixture.Device, 40);
        var results = new float[4][];
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            results[t] = Chain(fixture.Device, 40);
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Upload_SourceDroppedAndCollectedBeforeCompletion_StillCopiesIt()
    {
        const int n = 1 << 20;
        using var stream = fixture.Device.CreateStream();
        using var buffer = fixture.Device.Allocate(n);
        stream.Fill(buffer.All, 0f);
        var upload = UploadOfDroppedArray(stream, buffer.All, n);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        upload.Wait();
        var host = Models.Sequential.Download(stream, buffer.All);
        Assert.Equal(n - 1, host[n - 1]);
        Assert.Equal(12345, host[12345]);
    }

    private static DeviceEvent UploadOfDroppedArray(IDeviceStream stream, DeviceSpan destination, int n) =>
        stream.Upload(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), destination);
}

using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Gradients;

/// <summary>
/// Backward's gradientsFinalFrom report, which data-parallel workers use to push the gradient's tail early: at each
/// report k, the flat gradient from k on must already be the final one, and nothing before k written yet.
/// </summary>
public sealed class SequentialBackwardTests
{
    [Fact]
    public void Backward_GradientsFinalFrom_ReportsAFallingBoundaryPastWhichTheGradientIsFinal()
    {
        using var device = new CpuDevice();
        using var stream = device.CreateStream();
        const int rows = 4;
        using var model = new Sequential(device, 6,
            [new Dense(5), new ActivationLayer(Activation.Relu), new Dense(4), new BatchNorm(), new Dense(3)], rows);
        model.Initialize(stream, seed: 7);
        var random = new System.Random(3);
        model.LoadInput(stream, Enumerable.Range(0, rows * 6).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), rows).Wait();
        var context = new LayerContext(stream, Training: true);
        model.Forward(context, rows);
        stream.Upload(Enumerable.Range(0, rows * 3).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), model.OutputGradient(rows)).Wait();
        model.ZeroGradients(stream);

        var reports = new List<(int From, float[] Gradients)>();
        model.Backward(context, rows, gradientsFinalFrom: from => reports.Add((from, Sequential.Download(stream, model.Gradients.All))));
        var final = Sequential.Download(stream, model.Gradients.All);

        Assert.Equal(model.Layers.Count, reports.Count);
        Assert.Equal(0, reports[^1].From);
        Assert.Equal(model.Layout["dense2.weight"].Offset, reports[0].From);
        for (int r = 0; r < reports.Count; r++)
        {
            var (from, seen) = reports[r];
            if (r > 0) Assert.True(from <= reports[r - 1].From, $"report {r} rose from {reports[r - 1].From} to {from}");
            Assert.Equal(final[from..], seen[from..]);
            Assert.All(seen[..from], g => Assert.Equal(0f, g));
        }
        Assert.Contains(final, g => g != 0f);
    }
}

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
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_GradientsFinalFrom_ReportsAFallingBoundaryPastWhichTheGradientIsFinal(bool withinLayers)
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
        model.Backward(context, rows, gradientsFinalFrom: from => reports.Add((from, Sequential.Download(stream, model.Gradients.All))), withinLayers: withinLayers);
        var final = Sequential.Download(stream, model.Gradients.All);

        if (withinLayers) Assert.True(reports.Count > model.Layers.Count, $"{reports.Count} reports for {model.Layers.Count} layers");
        else Assert.Equal(model.Layers.Count, reports.Count);
        Assert.Equal(0, reports[^1].From);
        // Within layers, a dense layer's bias is done before its weights.
        Assert.Equal(model.Layout[withinLayers ? "dense2.bias" : "dense2.weight"].Offset, reports[0].From);
        Assert.Contains(reports, r => r.From == model.Layout["dense2.weight"].Offset);
        for (int r = 0; r < reports.Count; r++)
        {
            var (from, seen) = reports[r];
            if (r > 0) Assert.True(from <= reports[r - 1].From, $"report {r} rose from {reports[r - 1].From} to {from}");
            Assert.Equal(final[from..], seen[from..]);
            Assert.All(seen[..from], g => Assert.Equal(0f, g));
        }
        Assert.Contains(final, g => g != 0f);
    }

    /// <summary>
    /// Dense layers too wide for one block report their weight gradient in row blocks, and are done reading each block's
    /// weights before reporting it: parameters overwritten with NaN past every report (as a shard writing a replica does)
    /// change nothing, and the gradient equals the one computed in a single GEMM per layer.
    /// </summary>
    [Fact]
    public void Backward_WideDenseLayers_ReportInBlocksAndNeverReadAReportedWeight()
    {
        using var device = new CpuDevice();
        using var stream = device.CreateStream();
        const int rows = 8, inputs = 256;
        using var model = new Sequential(device, inputs,
            [new Dense(300), new ActivationLayer(Activation.Tanh), new Dense(300), new ActivationLayer(Activation.Tanh), new Dense(3)], rows);
        var random = new System.Random(5);
        float[] input = Enumerable.Range(0, rows * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] outputGradient = Enumerable.Range(0, rows * 3).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        model.Initialize(stream, seed: 9);
        float[] parameters = Sequential.Download(stream, model.Parameters.All);

        float[] Gradient(Action<int>? report)
        {
            stream.Upload(parameters, model.Parameters.All).Wait();
            model.LoadInput(stream, input, rows).Wait();
            var context = new LayerContext(stream, Training: true);
            model.Forward(context, rows);
            stream.Upload(outputGradient, model.OutputGradient(rows)).Wait();
            model.ZeroGradients(stream);
            model.Backward(context, rows, needInputGradient: true, gradientsFinalFrom: report, withinLayers: true);
            return Sequential.Download(stream, model.Gradients.All);
        }

        float[] whole = Gradient(null);
        var reports = new List<int>();
        float[] blocked = Gradient(from => reports.Add(from));
        int poisoned = parameters.Length;
        float[] poisonedRun = Gradient(from =>
        {
            if (from < poisoned) stream.Upload(Enumerable.Repeat(float.NaN, poisoned - from).ToArray(), model.Parameters.Slice(from, poisoned - from)).Wait();
            poisoned = Math.Min(poisoned, from);
        });

        int first = model.Layout["dense0.weight"].Offset, second = model.Layout["dense1.weight"].Offset;
        Assert.True(reports.Count(r => r > first && r < model.Layout["dense0.bias"].Offset) >= 1, $"no block inside dense0's weights: {string.Join(", ", reports)}");
        Assert.True(reports.Count(r => r > second && r < model.Layout["dense1.bias"].Offset) >= 1, $"no block inside dense1's weights: {string.Join(", ", reports)}");
        Assert.Equal(blocked, poisonedRun);
        Assert.All(poisonedRun, g => Assert.True(float.IsFinite(g)));
        for (int i = 0; i < whole.Length; i++)
            Assert.True(Math.Abs(blocked[i] - whole[i]) <= 1e-6f * (1 + Math.Abs(whole[i])), $"gradient {i}: {blocked[i]} in blocks, {whole[i]} whole");
    }

    /// <summary>Blocks of whole 16-row tiles from the last row up; an input wider than the block still gets 16 rows, not one.</summary>
    [Theory]
    [InlineData(20, 40, 10, new[] { 24, 8 })]    // 20 inputs, a 10-weight block: 16 rows
    [InlineData(10, 40, 30, new[] { 37, 34, 31, 28, 25, 22, 19, 16, 13, 10, 7, 4, 1 })] // 3 rows
    [InlineData(4, 100, 200, new[] { 52, 4 })]     // 50 rows, rounded down to 48
    public void Backward_WithinLayers_SplitsTheWeightsInRowBlocks(int inputs, int outputs, int blockWeights, int[] blockStarts)
    {
        using var device = new CpuDevice();
        using var stream = device.CreateStream();
        using var model = new Sequential(device, inputs, [new Dense(outputs, gradientBlockWeights: blockWeights)], 2);
        model.Initialize(stream, seed: 1);
        model.LoadInput(stream, new float[2 * inputs], 2).Wait();
        var context = new LayerContext(stream, Training: true);
        model.Forward(context, 2);
        var reports = new List<int>();
        model.Backward(context, 2, gradientsFinalFrom: reports.Add, withinLayers: true);
        // The bias first, then each block's first weight but the first block's, whose start Sequential reports once.
        Assert.Equal([outputs * inputs, .. blockStarts.Select(row => row * inputs), 0], reports);
    }
}

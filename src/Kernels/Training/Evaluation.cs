using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;

namespace ActorTrain.Kernels.Training;

/// <summary>Loss, accuracy and a confusion matrix of a model on a data set, in evaluation mode.</summary>
public sealed record Evaluation(double Loss, double Accuracy, int Samples, long[,]? Confusion)
{
    public static Evaluation Empty { get; } = new(double.NaN, double.NaN, 0, null);

    public static Evaluation Run(Sequential model, Loss loss, IDeviceStream stream, Dataset data)
    {
        if (data.Count == 0) return Empty;
        int batch = model.MaxRows, classes = data.Classes;
        var device = model.Device;
        using var targets = device.Allocate(batch * data.TargetWidth);
        using var losses = device.Allocate(batch);
        using var predicted = device.Allocate(batch);
        using var sum = device.Allocate(1);
        var host = new float[batch];
        var lossSum = new float[1];
        var confusion = classes > 0 ? new long[classes, classes] : null;
        double total = 0;
        long correct = 0;
        var context = new LayerContext(stream, Training: false);
        for (int start = 0; start < data.Count; start += batch)
        {
            int rows = Math.Min(batch, data.Count - start);
            model.LoadInput(stream, data.Features.AsMemory(start * data.Width, rows * data.Width), rows);
            stream.Upload(data.Targets.AsMemory(start * data.TargetWidth, rows * data.TargetWidth), targets.All);
            var output = model.Forward(context, rows);
            loss.Forward(stream, output, targets.All, rows, model.OutputWidth, losses.All);
            stream.Sum(losses.Slice(0, rows), sum.All);
            stream.Download(sum.All, lossSum).Wait();
            total += lossSum[0];
            if (confusion is null) continue;
            stream.ArgMaxRows(output, rows, model.OutputWidth, predicted.All);
            stream.Download(predicted.Slice(0, rows), host).Wait();
            for (int r = 0; r < rows; r++)
            {
                int truth = (int)data.Targets[start + r], guess = (int)host[r];
                confusion[truth, guess]++;
                if (truth == guess) correct++;
            }
        }
        return new Evaluation(total / data.Count, confusion is null ? double.NaN : (double)correct / data.Count, data.Count, confusion);
    }

    /// <summary>Per class: precision (of predictions of that class, the share right) and recall (of that class, the share found).</summary>
    public IReadOnlyList<(double Precision, double Recall)> PerClass()
    {
        if (Confusion is null) return [];
        int n = Confusion.GetLength(0);
        var result = new (double, double)[n];
        for (int c = 0; c < n; c++)
        {
            long predictedC = 0, actualC = 0;
            for (int k = 0; k < n; k++)
            {
                predictedC += Confusion[k, c];
                actualC += Confusion[c, k];
            }
            result[c] = (predictedC == 0 ? 0 : (double)Confusion[c, c] / predictedC, actualC == 0 ? 0 : (double)Confusion[c, c] / actualC);
        }
        return result;
    }
}

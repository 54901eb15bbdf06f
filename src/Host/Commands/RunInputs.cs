using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Settings;
using ActorTrain.Runtime.Training;
using Spectre.Console;

namespace ActorTrain.Host.Commands;

/// <summary>What every kind of run loads first: the data (reported on the console) and the training options for it.</summary>
public sealed record RunInputs(TrainingData Data, TrainingOptions Options)
{
    public static RunInputs Load(RunSettings settings, IAnsiConsole console)
    {
        var data = TrainingData.Load(settings.Data, settings.Seed);
        console.MarkupLine($"data: {data.Training.Count} training, {data.Validation.Count} validation, {data.Test.Count} test samples × {data.Training.Width} features ({settings.Data.Normalization})");
        int updateRows = settings.Training.BatchSize * settings.Training.GradientAccumulation;
        long stepsPerEpoch = Math.Max(1, (data.Training.Count + updateRows - 1) / updateRows);
        return new RunInputs(data, TrainingOptionsFactory.Create(settings, stepsPerEpoch));
    }
}

using ActorTrain.Host.Reporting;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Config;
using ActorTrain.Runtime.Settings;
using ActorTrain.Runtime.Training;
using ActorTrain.Runtime.Training.DataParallel;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ActorTrain.Host.Commands;

/// <summary>The data-parallel branch of <c>actortrain train</c> (parallelism.mode = data).</summary>
public static class DataParallelCommand
{
    public static int Train(RunSettings settings, Config config, RunOutput output, bool resume, IAnsiConsole console)
    {
        var started = DateTime.UtcNow;
        var (data, options) = RunInputs.Load(settings, console);
        var setup = DataParallelSetupFactory.Create(settings, data, options, output.CheckpointDirectory);
        DataParallelTrainer.Validate(setup); // before the run folder is touched: a refused config is not saved into it
        var resolved = DataParallelTrainer.Resolve(setup);
        console.MarkupLine($"data parallel: {setup.Devices.Count} worker{(setup.Devices.Count == 1 ? "" : "s")} on {Markup.Escape(string.Join(", ", setup.Devices))} ({CpuDevice.BlasThreads} OpenBLAS threads each), " +
                           $"{setup.Shards.Length} server shards on {(resolved.ShardDispatcher == ShardDispatcher.ThreadPool ? "the thread pool" : "the workers' threads")}, " +
                           $"gradients pushed {(resolved.PushWholeSteps == true ? "as whole steps" : resolved.PushWithinLayers == true ? "within layers" : "per layer")}, " +
                           $"{setup.Consistency.ToString().ToLowerInvariant()}, {setup.ParameterCount:N0} parameters");
        long resumeStep = 0;
        if (resume)
        {
            resumeStep = DataParallelTrainer.LatestCommonCheckpoint(output.CheckpointDirectory, setup.Shards.Length,
                withReplicaState: DataParallelTrainer.InitialValues(setup).State.Length > 0)
                         ?? throw new InvalidDataException($"no step that every server shard has a checkpoint of in {output.CheckpointDirectory}");
            console.MarkupLine($"resuming at step {resumeStep} (epoch {resumeStep / setup.StepsPerEpoch + 1}) from the shards' checkpoints");
        }
        output.Prepare(config.Render(), resume, (int)(resumeStep / setup.StepsPerEpoch));

        var view = new TrainingView(console);
        var observer = new DataParallelObserver
        {
            Epoch = m =>
            {
                view.Epoch(m);
                output.Append(m);
            },
            Progress = view.Workers,
        };
        using var logging = LoggerFactory.Create(b => b.AddProvider(new AnsiConsoleLoggerProvider(console)));
        var result = DataParallelTrainer.Run(setup, observer: observer, resumeStep: resumeStep, logging: logging);

        using var device = new CpuDevice("cpu:test");
        using var stream = device.CreateStream();
        using var loss = Loss.Parse(settings.Training.Loss);
        using var model = setup.Model(device, setup.GlobalBatch);
        stream.Upload(result.Parameters, model.Parameters.All).Wait();
        if (result.State.Length > 0) stream.Upload(result.State, model.State.All).Wait();
        var test = Evaluation.Run(model, loss, stream, data.Test);

        var outcome = new TrainingOutcome(result.Epochs, result.Steps, false, false, result.SamplesPerSecond, result.TrainingTime);
        var summary = TrainCommand.Summary(settings, config, outcome, test, setup.ParameterCount, started);
        summary["workers"] = setup.Devices.Count;
        summary["consistency"] = setup.Consistency.ToString().ToLowerInvariant();
        summary["worker_restarts"] = result.WorkerRestarts;
        summary["lost_workers"] = string.Join(",", result.LostWorkers);
        summary["shard_rewinds"] = result.Rewinds;
        summary["max_step_spread"] = result.MaxStepSpread;
        if (result.Statistics is { } stats)
        {
            summary["worker_idle_fraction"] = new System.Text.Json.Nodes.JsonArray(stats.WorkerIdleFraction.Select(f => (System.Text.Json.Nodes.JsonNode?)f).ToArray());
            summary["worker_held_fraction"] = new System.Text.Json.Nodes.JsonArray(stats.WorkerHeldFraction.Select(f => (System.Text.Json.Nodes.JsonNode?)f).ToArray());
            summary["shard_busy_fraction"] = new System.Text.Json.Nodes.JsonArray(stats.ShardBusyFraction.Select(f => (System.Text.Json.Nodes.JsonNode?)f).ToArray());
            summary["gradient_bytes_per_second"] = stats.GradientBytesPerSecond;
            summary["max_push_backlog"] = stats.MaxPushBacklog;
            summary["parameters_written_fraction"] = stats.ParametersWrittenFraction;
        }
        output.WriteSummary(summary);
        if (result.WorkerRestarts > 0 || result.LostWorkers.Count > 0 || result.Rewinds > 0)
            console.MarkupLine($"[yellow]failures survived:[/] {result.WorkerRestarts} worker restarts, lost workers {(result.LostWorkers.Count == 0 ? "none" : string.Join(", ", result.LostWorkers))}, {result.Rewinds} shard rewinds");
        console.MarkupLine($"test accuracy [bold]{100 * test.Accuracy:F2}%[/], test loss {test.Loss:F4}, {result.SamplesPerSecond:N0} samples/s (incl. evaluation)");
        console.MarkupLine($"results: {Markup.Escape(output.MetricsPath)}, {Markup.Escape(output.SummaryPath)}, shard checkpoints in {Markup.Escape(output.CheckpointDirectory)}");
        return 0;
    }
}

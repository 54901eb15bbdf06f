using System.CommandLine;
using System.Text.Json.Nodes;
using ActorTrain.Host.Reporting;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Config;
using ActorTrain.Runtime.Settings;
using ActorTrain.Runtime.Training;
using Spectre.Console;

namespace ActorTrain.Host.Commands;

/// <summary><c>actortrain train</c>: one run on this host, from cluster.hocon and --set overrides.</summary>
public static class TrainCommand
{
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "HOCON file to read (default ./cluster.hocon, or DIR/config.hocon with --resume)" };
    private static readonly Option<string[]> SetOption = new("--set") { Description = "override a key: --set training.epochs=3 (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> OutOption = new("--out") { Description = "output folder (default runs/<time>)" };
    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "continue the run in DIR from its latest checkpoint" };
    private static readonly Option<string?> InitFromOption = new("--init-from") { Description = "start from the parameters of the run in DIR (warm start)" };

    public static Command Create()
    {
        var command = new Command("train", "Train a model on this host (embedded single-host cluster).");
        foreach (var o in new Option[] { ConfigOption, SetOption, OutOption, ResumeOption, InitFromOption }) command.Options.Add(o);
        command.SetAction(parse => Run(
            parse.GetValue(ConfigOption), parse.GetValue(SetOption) ?? [], parse.GetValue(OutOption),
            parse.GetValue(ResumeOption), parse.GetValue(InitFromOption), HostConsole.Create()));
        return command;
    }

    public static int Run(string? configPath, IReadOnlyList<string> overrides, string? outDir, string? resumeDir, string? initFromDir, IAnsiConsole console)
    {
        try
        {
            if (resumeDir is not null && initFromDir is not null) throw new ArgumentException("--resume and --init-from exclude each other");
            if (resumeDir is not null && outDir is not null && Path.GetFullPath(outDir) != Path.GetFullPath(resumeDir))
                throw new ArgumentException("--resume continues in its own folder; drop --out");
            string? savedConfig = resumeDir is null ? null : Path.Combine(resumeDir, "config.hocon");
            var config = ConfigLoader.Load(configPath ?? (savedConfig is not null && File.Exists(savedConfig) ? savedConfig : null), overrides);
            var settings = RunSettings.Bind(config);
            var output = new RunOutput(resumeDir ?? outDir ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss")));
            return settings.Parallelism.Mode.Trim().ToLowerInvariant() switch
            {
                "none" => Train(settings, config, output, resumeDir is not null, initFromDir, console),
                "data" when initFromDir is not null => throw new ArgumentException("--init-from works with parallelism.mode = none"),
                "data" => DataParallelCommand.Train(settings, config, output, resumeDir is not null, console),
                var mode => throw new ArgumentException($"actortrain.parallelism.mode must be none or data, got '{mode}'"),
            };
        }
        catch (Exception e) when (e is ConfigException or DataFormatException or ArgumentException or InvalidDataException
                                      or DeviceOutOfMemoryException or TrainingDivergedException or IOException or UnauthorizedAccessException
                                      or Runtime.Training.DataParallel.TrainingFailedException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return e is TrainingDivergedException ? 3 : 2;
        }
    }

    private static int Train(RunSettings settings, Config config, RunOutput output, bool resume, string? initFromDir, IAnsiConsole console)
    {
        var started = DateTime.UtcNow;
        var (data, options) = RunInputs.Load(settings, console);
        using var device = DeviceFactory.CreateFirst(settings.Device);
        using var loss = Loss.Parse(settings.Training.Loss);
        using var model = ModelFactory.Build(settings.Model, device, data.Training.Width,
            ModelFactory.Outputs(loss, data.Training.Classes, data.Training.TargetWidth), settings.Training.BatchSize);
        var store = new CheckpointStore(output.CheckpointDirectory, settings.Training.CheckpointKeep);
        using var trainer = new SingleDeviceTrainer(model, loss, options, data.Training, data.Validation, store);
        console.MarkupLine($"model: {Markup.Escape(model.ToString())}, {model.Layout.Length:N0} parameters on {device.Name} " +
                           $"(GEMM: {device switch { CpuDevice { UsesOpenBlas: true } => $"OpenBLAS, {CpuDevice.BlasThreads} threads", CpuDevice => "managed SIMD", _ => "OpenCL" }})");

        if (resume)
        {
            var checkpoint = store.Latest(skipped => console.MarkupLine($"[yellow]warning:[/] skipping {Markup.Escape(skipped)}"))
                             ?? throw new InvalidDataException($"no readable checkpoint in {output.CheckpointDirectory} to resume from");
            trainer.Restore(checkpoint);
            console.MarkupLine($"resuming at epoch {trainer.Epoch + 1}, step {trainer.Steps}");
        }
        else
        {
            trainer.Initialize();
            if (initFromDir is not null) ReportWarmStart(WarmStartFrom(initFromDir, model, trainer), console);
        }
        output.Prepare(config.Render(), resume, trainer.Epoch);

        var view = new TrainingView(console);
        trainer.StepCompleted += p => view.Step(p, options.Epochs);
        trainer.EpochCompleted += m =>
        {
            view.Epoch(m);
            output.Append(m);
        };
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // finish the step, write a checkpoint, then stop
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        TrainingOutcome outcome;
        try
        {
            outcome = trainer.Run(cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var test = Evaluation.Run(model, loss, trainer.Stream, data.Test);
        output.WriteSummary(Summary(settings, config, outcome, test, model.Layout.Length, started));
        if (outcome.Interrupted)
            console.MarkupLine($"[yellow]interrupted[/] at step {outcome.Steps}; continue with: actortrain train --resume {Markup.Escape(output.Directory)}");
        if (outcome.StoppedEarly) console.MarkupLine("stopped early: validation loss did not improve");
        console.MarkupLine($"test accuracy [bold]{100 * test.Accuracy:F2}%[/], test loss {test.Loss:F4}, {outcome.SamplesPerSecond:N0} samples/s");
        console.MarkupLine($"results: {Markup.Escape(output.MetricsPath)}, {Markup.Escape(output.SummaryPath)}, checkpoints in {Markup.Escape(output.CheckpointDirectory)}");
        return 0;
    }

    private static WarmStart.Report WarmStartFrom(string dir, Kernels.Models.Sequential model, SingleDeviceTrainer trainer)
    {
        var source = new CheckpointStore(Path.Combine(dir, "checkpoints")).Latest()
                     ?? throw new InvalidDataException($"no readable checkpoint in {Path.Combine(dir, "checkpoints")} to start from");
        return WarmStart.Apply(model, trainer.Stream, source);
    }

    private static void ReportWarmStart(WarmStart.Report report, IAnsiConsole console)
    {
        console.MarkupLine($"warm start: copied {string.Join(", ", report.Copied)}");
        if (report.Reinitialized.Count > 0)
            console.MarkupLine($"[yellow]freshly initialized:[/] {Markup.Escape(string.Join(", ", report.Reinitialized))}");
    }

    internal static JsonObject Summary(RunSettings settings, Config config, TrainingOutcome outcome, Evaluation test, int parameters, DateTime started)
    {
        var last = outcome.Epochs.Count > 0 ? outcome.Epochs[^1] : null;
        var perClass = new JsonArray(test.PerClass().Select((c, i) => (JsonNode)new JsonObject
        {
            ["class"] = i,
            ["precision"] = c.Precision,
            ["recall"] = c.Recall,
        }).ToArray());
        return new JsonObject
        {
            ["test_accuracy"] = RunOutput.Finite(test.Accuracy),
            ["test_loss"] = RunOutput.Finite(test.Loss),
            ["per_class"] = perClass,
            ["final_train_loss"] = last is null ? null : last.TrainLoss,
            ["final_validation_loss"] = last is null ? null : RunOutput.Finite(last.ValidationLoss),
            ["final_validation_accuracy"] = last is null ? null : RunOutput.Finite(last.ValidationAccuracy),
            ["epochs_run"] = outcome.Epochs.Count,
            ["steps"] = outcome.Steps,
            ["stopped_early"] = outcome.StoppedEarly,
            ["interrupted"] = outcome.Interrupted,
            ["samples_per_second"] = outcome.SamplesPerSecond,
            ["training_seconds"] = outcome.TrainingTime.TotalSeconds,
            ["wall_seconds"] = (DateTime.UtcNow - started).TotalSeconds,
            ["parameters"] = parameters,
            ["seed"] = settings.Seed,
            ["config"] = config.GetConfig(RunSettings.Root).Render(),
        };
    }
}

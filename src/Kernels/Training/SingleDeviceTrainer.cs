using System.Diagnostics;
using ActorTrain.Kernels.Data;
using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Layers;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;

namespace ActorTrain.Kernels.Training;

/// <summary>
/// The plain training loop on one device: the reference every parallel mode is checked against. Deterministic for a
/// seed (batch order, dropout masks, augmentation and initial weights are keyed by it), resumable from any step
/// boundary with exactly the result of an uninterrupted run, and allocation-free per step.
/// </summary>
public sealed class SingleDeviceTrainer : IDisposable
{
    private readonly Sequential _model;
    private readonly Loss _loss;
    private readonly TrainingOptions _options;
    private readonly Dataset _validation;
    private readonly CheckpointStore? _checkpoints;
    private readonly IDeviceStream _stream;
    private readonly BatchSource _batches;
    private readonly Optimizer _optimizer;
    private readonly DeviceBuffer _targets, _losses, _scalars; // scalars: [loss sum, Σ grad²]
    private readonly float[] _readback = new float[2];
    private readonly float[] _before, _after;                  // parameters around an epoch's last update

    private int _epoch, _nextBatch;
    private double _epochLossSum, _bestValidationLoss = double.PositiveInfinity;
    private long _epochSamples;
    private int _epochsWithoutImprovement;

    public SingleDeviceTrainer(Sequential model, Loss loss, TrainingOptions options, Dataset training, Dataset validation, CheckpointStore? checkpoints = null)
    {
        options.Validate();
        if (options.BatchSize > model.MaxRows) throw new ArgumentException($"batch size {options.BatchSize} exceeds the model's {model.MaxRows} rows");
        if (training.Width != model.InputWidth) throw new ArgumentException($"{training.Name} has {training.Width} features but the model's input width is {model.InputWidth}");
        _model = model;
        _loss = loss;
        _options = options;
        _validation = validation;
        _checkpoints = checkpoints;
        _stream = model.Device.CreateStream();
        _batches = new BatchSource(training, options.BatchSize, options.Seed, options.Augmentation);
        _optimizer = new Optimizer(model.Device, model.Layout.Length, options.Optimizer);
        _targets = model.Device.Allocate(options.BatchSize * training.TargetWidth);
        _losses = model.Device.Allocate(options.BatchSize);
        _scalars = model.Device.Allocate(2);
        _before = new float[model.Layout.Length];
        _after = new float[model.Layout.Length];
    }

    /// <summary>Raised after every optimizer update (the loss is the mean over that update's rows).</summary>
    public event Action<StepProgress>? StepCompleted;

    public event Action<EpochMetrics>? EpochCompleted;

    /// <summary>Raised with the path of every checkpoint written.</summary>
    public event Action<string>? CheckpointWritten;

    public IDeviceStream Stream => _stream;

    public long Steps => _optimizer.Steps;

    /// <summary>Epoch to run next (after a restore, the one in progress).</summary>
    public int Epoch => _epoch;

    /// <summary>Fresh start: initial weights from the seed, zero optimizer state.</summary>
    public void Initialize()
    {
        _model.Initialize(_stream, _options.Seed);
        _optimizer.Reset(_stream);
    }

    public TrainingOutcome Run(CancellationToken cancellation = default)
    {
        var history = new List<EpochMetrics>();
        var clock = new Stopwatch();
        long trainedSamples = 0;
        bool stoppedEarly = false;
        for (; _epoch < _options.Epochs; _epoch++, _nextBatch = 0, _epochLossSum = 0, _epochSamples = 0)
        {
            var epochClock = Stopwatch.StartNew();
            int batches = _batches.BatchesPerEpoch;
            double learningRate = 0;
            while (_nextBatch < batches)
            {
                if (cancellation.IsCancellationRequested)
                {
                    SaveCheckpoint();
                    return new TrainingOutcome(history, Steps, false, true, trainedSamples / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed);
                }
                clock.Start();
                int micro = Math.Min(_options.AccumulationSteps, batches - _nextBatch);
                bool lastOfEpoch = _nextBatch + micro == batches;
                if (lastOfEpoch) _stream.Download(_model.Parameters.All, _before).Wait();
                int rows = TrainStep(micro, out double stepLoss, out learningRate);
                clock.Stop();
                trainedSamples += rows;
                StepCompleted?.Invoke(new StepProgress(_epoch, _nextBatch, batches, Steps, stepLoss, trainedSamples / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
                if (_options.CheckpointEverySteps > 0 && Steps % _options.CheckpointEverySteps == 0 && !lastOfEpoch) SaveCheckpoint();
            }
            double epochSeconds = epochClock.Elapsed.TotalSeconds;
            var validation = Evaluation.Run(_model, _loss, _stream, _validation);
            var metrics = new EpochMetrics(_epoch, Steps, _epochLossSum / _epochSamples, validation.Loss, validation.Accuracy, learningRate,
                _epochSamples / Math.Max(1e-9, epochSeconds), epochSeconds, UpdateRatios());
            history.Add(metrics);
            EpochCompleted?.Invoke(metrics);
            stoppedEarly = validation.Samples > 0 && TrackEarlyStopping(validation.Loss); // no validation set, nothing to stop on
            if (_checkpoints is not null)
            {
                // The checkpoint names the next epoch, so a resumed run neither repeats nor skips one.
                _epoch++;
                _nextBatch = 0;
                _epochLossSum = 0;
                _epochSamples = 0;
                SaveCheckpoint();
                _epoch--;
            }
            if (stoppedEarly) break;
        }
        return new TrainingOutcome(history, Steps, stoppedEarly, false, trainedSamples / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed);
    }

    /// <summary>Forward and backward over <paramref name="micro"/> batches, then one update. Returns the rows trained.</summary>
    private int TrainStep(int micro, out double meanLoss, out double learningRate)
    {
        _model.ZeroGradients(_stream);
        int totalRows = 0, lastRows = 0;
        double lossSum = 0;
        for (int m = 0; m < micro; m++, _nextBatch++)
        {
            int rows = _batches.Fill(_epoch, _nextBatch, out var features, out var targets);
            _model.LoadInput(_stream, features, rows);
            _stream.Upload(targets, _targets.All);
            var context = new LayerContext(_stream, Training: true, Step: Steps, Seed: _options.Seed, RowOffset: m * _options.BatchSize, GlobalRows: rows);
            var output = _model.Forward(context, rows);
            _loss.Forward(_stream, output, _targets.All, rows, _model.OutputWidth, _losses.All);
            _loss.Backward(_stream, output, _targets.All, rows, _model.OutputWidth, 1f / rows, _model.OutputGradient(rows));
            _model.Backward(context, rows);
            _stream.Sum(_losses.Slice(0, rows), _scalars.Slice(0, 1));
            _stream.Download(_scalars.Slice(0, 1), _readback).Wait();
            lossSum += _readback[0];
            totalRows += rows;
            lastRows = rows;
        }
        _stream.SumOfSquares(_model.Gradients.All, 0f, _scalars.Slice(1, 1));
        _stream.Download(_scalars.Slice(1, 1), _readback.AsMemory(1)).Wait();
        if (!double.IsFinite(lossSum) || !float.IsFinite(_readback[1]))
            throw new TrainingDivergedException(Steps + 1, _model.DescribeFirstNonFinite(_stream, lastRows));
        learningRate = _options.Schedule.At(Steps);
        _optimizer.Apply(_stream, _model.Parameters.All, _model.Gradients.All, (float)learningRate, 1f / micro, _scalars.Slice(1, 1));
        _epochLossSum += lossSum;
        _epochSamples += totalRows;
        meanLoss = lossSum / totalRows;
        return totalRows;
    }

    private bool TrackEarlyStopping(double validationLoss)
    {
        if (validationLoss < _bestValidationLoss)
        {
            _bestValidationLoss = validationLoss;
            _epochsWithoutImprovement = 0;
        }
        else
        {
            _epochsWithoutImprovement++;
        }
        return _options.EarlyStoppingPatience > 0 && _epochsWithoutImprovement >= _options.EarlyStoppingPatience;
    }

    /// <summary>‖Δw‖/‖w‖ per layer over the epoch's last update.</summary>
    private Dictionary<string, double> UpdateRatios()
    {
        _stream.Download(_model.Parameters.All, _after).Wait();
        var ratios = new Dictionary<string, double>();
        foreach (var layer in _model.Layers)
        {
            double delta = 0, weight = 0;
            foreach (var s in _model.Layout.OfLayer(layer.Name))
            for (int i = s.Offset; i < s.End; i++)
            {
                double d = _after[i] - _before[i];
                delta += d * d;
                weight += (double)_after[i] * _after[i];
            }
            if (weight > 0) ratios[layer.Name] = Math.Sqrt(delta / weight);
        }
        return ratios;
    }

    public Checkpoint Capture() => new()
    {
        Header = new CheckpointHeader
        {
            Step = Steps,
            Epoch = _epoch,
            NextBatch = _nextBatch,
            EpochLossSum = _epochLossSum,
            EpochSamples = _epochSamples,
            BestValidationLoss = _bestValidationLoss,
            EpochsWithoutImprovement = _epochsWithoutImprovement,
            Seed = _options.Seed,
            Optimizer = _options.Optimizer.Kind.ToString(),
            ParameterCount = _model.Layout.Length,
            StateCount = _model.State.Length,
            OptimizerStateVectors = _optimizer.StateVectors.Count(),
            Segments = SegmentNames(),
            BatchSize = _options.BatchSize,
            AccumulationSteps = _options.AccumulationSteps,
        },
        Parameters = Sequential.Download(_stream, _model.Parameters.All),
        State = Sequential.Download(_stream, _model.State.All),
        OptimizerState = _optimizer.StateVectors.Select(s => Sequential.Download(_stream, s)).ToArray(),
    };

    private string[] SegmentNames() => _model.Layout.Segments.Select(s => $"{s.Name}:{s.Offset}:{s.Length}").ToArray();

    /// <summary>Continues from a checkpoint of this configuration.</summary>
    public void Restore(Checkpoint checkpoint)
    {
        var h = checkpoint.Header;
        if (h.ParameterCount != _model.Layout.Length || h.StateCount != _model.State.Length || !h.Segments.SequenceEqual(SegmentNames()))
            throw new InvalidDataException($"checkpoint holds {h.ParameterCount} parameters and {h.StateCount} state values in [{string.Join(", ", h.Segments)}]; this model has {_model.Layout.Length} and {_model.State.Length} in [{string.Join(", ", SegmentNames())}]");
        if (h.BatchSize != _options.BatchSize || h.AccumulationSteps != _options.AccumulationSteps)
            throw new InvalidDataException($"checkpoint was written with batch size {h.BatchSize} × {h.AccumulationSteps}; this run uses {_options.BatchSize} × {_options.AccumulationSteps}, so its batch position would not match");
        if (h.Optimizer != _options.Optimizer.Kind.ToString() || checkpoint.OptimizerState.Length != _optimizer.StateVectors.Count())
            throw new InvalidDataException($"checkpoint was written by optimizer {h.Optimizer}; this run uses {_options.Optimizer.Kind}");
        if (h.Seed != _options.Seed) throw new InvalidDataException($"checkpoint was written with seed {h.Seed}; this run uses seed {_options.Seed}");
        _stream.Upload(checkpoint.Parameters, _model.Parameters.All).Wait();
        _stream.Upload(checkpoint.State, _model.State.All).Wait();
        int i = 0;
        foreach (var s in _optimizer.StateVectors) _stream.Upload(checkpoint.OptimizerState[i++], s).Wait();
        _optimizer.Steps = h.Step;
        (_epoch, _nextBatch, _epochLossSum, _epochSamples) = (h.Epoch, h.NextBatch, h.EpochLossSum, h.EpochSamples);
        (_bestValidationLoss, _epochsWithoutImprovement) = (h.BestValidationLoss, h.EpochsWithoutImprovement);
    }

    private void SaveCheckpoint()
    {
        if (_checkpoints is null) return;
        string path = _checkpoints.Save(Capture()); // not inside ?.Invoke(...): its argument is skipped when nobody listens
        CheckpointWritten?.Invoke(path);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _targets.Dispose();
        _losses.Dispose();
        _scalars.Dispose();
        _stream.Dispose();
    }
}

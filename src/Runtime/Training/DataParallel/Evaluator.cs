using ActorTrain.Kernels.Devices;
using ActorTrain.Kernels.Losses;
using ActorTrain.Kernels.Models;
using ActorTrain.Kernels.Training;
using ActorTrain.Runtime.Actors;

namespace ActorTrain.Runtime.Training.DataParallel;

/// <summary>Evaluates parameter snapshots on the validation set with a model replica of its own, off the training workers.</summary>
public sealed class Evaluator : ReceiveActor
{
    private readonly IDevice _device;
    private readonly IDeviceStream _stream;
    private readonly Sequential _model;
    private readonly Loss _loss;

    public Evaluator(DataParallelSetup setup)
    {
        _device = setup.Device("cpu:evaluator");
        _stream = _device.CreateStream();
        _model = setup.Model(_device, setup.GlobalBatch);
        _loss = setup.Loss();
        Receive<Evaluate>(e =>
        {
            _stream.Upload(e.Parameters, _model.Parameters.All).Wait();
            if (e.State.Length > 0) _stream.Upload(e.State, _model.State.All).Wait();
            var result = Evaluation.Run(_model, _loss, _stream, setup.Validation);
            Sender.Tell(new Evaluated(e.Epoch, result.Loss, result.Accuracy));
        });
    }

    protected override void PostStop()
    {
        _loss.Dispose();
        _model.Dispose();
        _stream.Dispose();
        _device.Dispose();
    }
}

namespace ActorTrain.Kernels.Ops;

public enum OptimizerKind
{
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    RmsProp,
    Adam,
    AdamW,
}

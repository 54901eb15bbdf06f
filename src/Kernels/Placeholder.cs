namespace ActorTrain.Kernels;

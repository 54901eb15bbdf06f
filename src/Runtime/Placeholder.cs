namespace ActorTrain.Runtime;

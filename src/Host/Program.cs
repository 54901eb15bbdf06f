using System.CommandLine;
using ActorTrain.Host.Commands;

var root = new RootCommand("ActorTrain: actor-based parallel training of neural networks on .NET");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(DevicesCommand.Create());
return root.Parse(args).Invoke();

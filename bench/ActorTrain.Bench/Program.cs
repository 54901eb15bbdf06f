using System.Reflection;
using ActorTrain.Bench;

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || benchmarks.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: ActorTrain.Bench NAME [args]   where NAME is one of:");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    return args.Length == 0 ? 0 : 2;
}
return benchmarks.First(b => b.Name == args[0]).Run(args[1..]);

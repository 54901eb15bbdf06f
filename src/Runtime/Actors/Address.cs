namespace ActorTrain.Runtime.Actors;

/// <summary>
/// Where an actor system lives: <c>actortrain://system</c> in-process, <c>actortrain://system@host:port</c> once remoting gives it a host.
/// </summary>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null)
{
    public const string DefaultProtocol = "actortrain";

    public override string ToString() =>
        Host is null ? $"{Protocol}://{System}" : $"{Protocol}://{System}@{Host}:{Port}";
}

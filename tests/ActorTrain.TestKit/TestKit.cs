using ActorTrain.Runtime.Actors;

namespace ActorTrain.TestKit;

/// <summary>Base class of xunit actor tests: one fresh <see cref="ActorSystem"/> per test, terminated in Dispose.</summary>
public abstract class TestKit : TestKitBase, IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    protected TestKit(ActorSystemSettings? settings = null, string? systemName = null)
        : base(ActorSystem.Create(systemName ?? "test", settings)) { }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Shutdown();
    }

    /// <summary>Terminates the system, failing the test if it does not stop in time (an actor hanging in PostStop).</summary>
    protected void Shutdown()
    {
        var wait = Dilated(ShutdownTimeout);
        if (!Sys.Terminate().Wait(wait)) Assert.Fail($"ActorSystem {Sys.Name} did not terminate within {Ms(wait)}");
    }
}

namespace ActorTrain.Runtime.Actors;

/// <summary>Maps a child's failure to a <see cref="Directive"/>.</summary>
public interface IDecider
{
    Directive Decide(Exception cause);
}

public static class Decider
{
    public static IDecider From(Func<Exception, Directive> decide) => new FuncDecider(decide);

    private sealed class FuncDecider(Func<Exception, Directive> decide) : IDecider
    {
        public Directive Decide(Exception cause) => decide(cause);
    }
}

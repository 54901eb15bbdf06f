namespace ActorTrain.Kernels.Initializers;

internal static class Fans
{
    public static void Validate(string initializer, int fanIn, int fanOut)
    {
        if (fanIn <= 0 || fanOut <= 0)
        {
            throw new ArgumentException(
                $"Initializer '{initializer}' needs positive fans, got fanIn={fanIn}, fanOut={fanOut}.");
        }
    }

    public static int Select(FanMode mode, int fanIn, int fanOut) => mode == FanMode.FanIn ? fanIn : fanOut;
}

namespace ActorTrain.Kernels.Schedules;

/// <summary>Argument checks shared by the schedules; each message names the schedule so a config error points at its line.</summary>
internal static class Guard
{
    public static long Step(long step) =>
        step >= 0 ? step : throw new ArgumentOutOfRangeException(nameof(step), step, "step must be >= 0");

    public static double NonNegative(double value, string parameter, string schedule) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{schedule}: {parameter} must be finite and >= 0, got {value}");

    public static double Positive(double value, string parameter, string schedule) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{schedule}: {parameter} must be finite and > 0, got {value}");

    public static long Positive(long value, string parameter, string schedule) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(parameter, value, $"{schedule}: {parameter} must be > 0, got {value}");
}

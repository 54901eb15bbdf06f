using System.Globalization;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// Builds initializers from config names: <c>name</c> or <c>name(arg, ...)</c>, case-insensitive, with
/// '_' accepted for '-' (so PyTorch's spellings work too). Numbers use the invariant culture.
/// </summary>
public static class Initializer
{
    private delegate IInitializer Factory(string[] args);

    private static readonly (string Usage, string[] Names, Factory Create)[] Forms =
    [
        ("zeros", ["zeros"], args => WithoutArgs(args, "zeros", ConstantInitializer.Zeros)),
        ("ones", ["ones"], args => WithoutArgs(args, "ones", new ConstantInitializer(1.0))),
        ("constant(value)", ["constant"], args => new ConstantInitializer(Number(Arity(args, 1, 1, "constant")[0], "constant"))),
        ("normal | normal(std) | normal(mean,std)", ["normal"], CreateNormal),
        ("uniform | uniform(low,high)", ["uniform"], CreateUniform),
        ("xavier-uniform[(gain)] | glorot-uniform[(gain)]", ["xavier-uniform", "glorot-uniform"],
            args => new XavierUniformInitializer(OptionalNumber(args, "xavier-uniform", 1.0))),
        ("xavier-normal[(gain)] | glorot-normal[(gain)]", ["xavier-normal", "glorot-normal"],
            args => new XavierNormalInitializer(OptionalNumber(args, "xavier-normal", 1.0))),
        ("he-normal[(slope[,fan-in|fan-out])] | kaiming-normal[...]", ["he-normal", "kaiming-normal"],
            args => new HeNormalInitializer(HeSlope(args, "he-normal"), HeMode(args, "he-normal"))),
        ("he-uniform[(slope[,fan-in|fan-out])] | kaiming-uniform[...]", ["he-uniform", "kaiming-uniform"],
            args => new HeUniformInitializer(HeSlope(args, "he-uniform"), HeMode(args, "he-uniform"))),
        ("lecun-normal", ["lecun-normal"], args => WithoutArgs(args, "lecun-normal", new LeCunNormalInitializer())),
    ];

    /// <summary>Valid forms, for error messages and CLI help.</summary>
    public static string ValidNames => string.Join(", ", Forms.Select(f => f.Usage));

    public static IInitializer Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string text = name.Trim().ToLowerInvariant().Replace('_', '-');
        string head = text;
        string[] args = [];
        int open = text.IndexOf('(');
        if (open >= 0)
        {
            if (!text.EndsWith(')')) throw Unknown(name, "missing ')'");
            head = text[..open].Trim();
            string inner = text[(open + 1)..^1].Trim();
            args = inner.Length == 0 ? [] : inner.Split(',').Select(a => a.Trim()).ToArray();
        }

        foreach (var form in Forms)
        {
            if (form.Names.Contains(head)) return form.Create(args);
        }

        throw Unknown(name, "unknown initializer");
    }

    /// <summary>torch.nn.init.calculate_gain('leaky_relu', slope): √(2 / (1 + slope²)); slope 0 gives ReLU's √2.</summary>
    public static double LeakyReluGain(double negativeSlope) => Math.Sqrt(2.0 / (1.0 + negativeSlope * negativeSlope));

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string HeName(string kind, double slope, FanMode mode) =>
        mode == FanMode.FanIn ? $"{kind}({Number(slope)})" : $"{kind}({Number(slope)},fan-out)";

    internal static double RequirePositive(double value, string parameter, string initializer) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{initializer}: {parameter} must be finite and > 0");

    internal static double RequireFinite(double value, string parameter, string initializer) =>
        double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{initializer}: {parameter} must be finite");

    private static IInitializer CreateNormal(string[] args) => Arity(args, 0, 2, "normal").Length switch
    {
        0 => new NormalInitializer(0.0, 1.0),
        1 => new NormalInitializer(0.0, Number(args[0], "normal")),
        _ => new NormalInitializer(Number(args[0], "normal"), Number(args[1], "normal")),
    };

    private static IInitializer CreateUniform(string[] args)
    {
        if (args.Length == 1) throw new ArgumentException("Initializer 'uniform' takes no arguments or (low,high).");
        return Arity(args, 0, 2, "uniform").Length == 0
            ? new UniformInitializer(0.0, 1.0)
            : new UniformInitializer(Number(args[0], "uniform"), Number(args[1], "uniform"));
    }

    private static IInitializer WithoutArgs(string[] args, string kind, IInitializer result)
    {
        Arity(args, 0, 0, kind);
        return result;
    }

    private static double OptionalNumber(string[] args, string kind, double fallback) =>
        Arity(args, 0, 1, kind).Length == 0 ? fallback : Number(args[0], kind);

    private static double HeSlope(string[] args, string kind) =>
        Arity(args, 0, 2, kind).Length == 0 ? 0.0 : Number(args[0], kind);

    private static FanMode HeMode(string[] args, string kind) => args.Length < 2 ? FanMode.FanIn : args[1] switch
    {
        "fan-in" => FanMode.FanIn,
        "fan-out" => FanMode.FanOut,
        _ => throw new ArgumentException($"Initializer '{kind}': mode must be fan-in or fan-out, got '{args[1]}'."),
    };

    private static string[] Arity(string[] args, int min, int max, string kind) =>
        args.Length >= min && args.Length <= max
            ? args
            : throw new ArgumentException($"Initializer '{kind}' takes {min}..{max} arguments, got {args.Length}. Valid: {ValidNames}.");

    private static double Number(string text, string kind) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new ArgumentException($"Initializer '{kind}': '{text}' is not a number.");

    private static ArgumentException Unknown(string name, string reason) =>
        new($"Unknown initializer '{name}' ({reason}). Valid: {ValidNames}.", nameof(name));
}

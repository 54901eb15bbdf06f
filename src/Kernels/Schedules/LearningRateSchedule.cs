namespace ActorTrain.Kernels.Schedules;

/// <summary>
/// Builds a schedule from config. Parameter values are text, as config files give them: numbers in the
/// invariant culture, <c>milestones</c> as a comma-separated list, <c>mode</c> as a word. Every kind also
/// takes <c>warmup-steps</c> (default 0: no warm-up) and <c>warmup-start-factor</c> (default 0), which wrap it
/// in a <see cref="LinearWarmup"/>.
/// </summary>
public static class LearningRateSchedule
{
    private static readonly (string Usage, string[] Names, Func<double, ScheduleParameters, ILearningRateSchedule> Create)[] Kinds =
    [
        ("constant", ["constant"], (lr, _) => new ConstantSchedule(lr)),
        ("step {step-size, gamma}", ["step"], (lr, p) => new StepDecay(lr, p.Long("step-size"), p.Double("gamma"))),
        ("multi-step {milestones, gamma}", ["multi-step"], (lr, p) => new MultiStepDecay(lr, p.LongList("milestones"), p.Double("gamma"))),
        ("exponential {gamma}", ["exponential"], (lr, p) => new ExponentialDecay(lr, p.Double("gamma"))),
        ("inverse-time {decay-rate, decay-steps}", ["inverse-time"],
            (lr, p) => new InverseTimeDecay(lr, p.Double("decay-rate"), p.Long("decay-steps"))),
        ("polynomial {total-steps, end-lr=0, power=1}", ["polynomial"],
            (lr, p) => new PolynomialDecay(lr, p.Long("total-steps"), p.Double("end-lr", 0.0), p.Double("power", 1.0))),
        ("cosine-restarts|sgdr {t0, t-mult=1, eta-min=0}", ["cosine-restarts", "sgdr"],
            (lr, p) => new CosineWarmRestarts(lr, p.Long("t0"), p.Long("t-mult", 1), p.Double("eta-min", 0.0))),
        ("cyclical {max-lr, step-size-up, step-size-down=step-size-up, mode=triangular|triangular2|exp-range, gamma=1}", ["cyclical", "cyclic"],
            CreateCyclical),
    ];

    /// <summary>Valid kinds with their parameters, for error messages and CLI help.</summary>
    public static string ValidKinds => string.Join("; ", Kinds.Select(k => k.Usage));

    /// <param name="lr">The peak (initial) rate; for <c>cyclical</c> the base (lowest) rate.</param>
    public static ILearningRateSchedule Create(string kind, double lr, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(parameters);
        string name = kind.Trim().ToLowerInvariant().Replace('_', '-');
        var entry = Kinds.FirstOrDefault(k => k.Names.Contains(name));
        if (entry.Create is null)
        {
            throw new ArgumentException($"Unknown learning-rate schedule '{kind}'. Valid: {ValidKinds}.", nameof(kind));
        }

        var p = new ScheduleParameters(name, parameters);
        try
        {
            ILearningRateSchedule schedule = entry.Create(lr, p);
            long warmupSteps = p.Long("warmup-steps", 0);
            double? startFactor = p.OptionalDouble("warmup-start-factor");
            p.RejectUnread();
            if (warmupSteps < 0) throw p.Invalid("warmup-steps", "must be >= 0");
            if (warmupSteps == 0)
            {
                return startFactor is null ? schedule : throw p.Invalid("warmup-start-factor", "needs warmup-steps > 0");
            }

            return new LinearWarmup(warmupSteps, schedule, startFactor ?? 0.0);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The constructors' messages use C# parameter names; say which config kind they came from.
            throw new ArgumentException($"learning-rate schedule '{name}': {e.Message}", nameof(parameters), e);
        }
    }

    private static ILearningRateSchedule CreateCyclical(double lr, ScheduleParameters p)
    {
        string modeText = p.Text("mode", "triangular");
        CyclicalMode mode = modeText switch
        {
            "triangular" => CyclicalMode.Triangular,
            "triangular2" => CyclicalMode.Triangular2,
            "exp-range" or "exp_range" => CyclicalMode.ExpRange,
            _ => throw p.Invalid("mode", $"must be triangular, triangular2 or exp-range, got '{modeText}'"),
        };
        return new CyclicalSchedule(
            lr, p.Double("max-lr"), p.Long("step-size-up"), mode, p.Double("gamma", 1.0), p.OptionalLong("step-size-down"));
    }
}

using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Data;

/// <summary>Training and validation sets cut from one training file by a seeded permutation.</summary>
public sealed record DataSplit(Dataset Training, Dataset Validation)
{
    /// <param name="validationFraction">share of the (limited) training samples held out, in [0, 1).</param>
    /// <param name="limit">keep only this many training samples before splitting (0 keeps all), for quick runs.</param>
    public static DataSplit Create(Dataset full, double validationFraction, int limit, ulong seed)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "validation fraction must be in [0, 1)");
        if (limit < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be ≥ 0 (0 = all samples)");
        var order = Enumerable.Range(0, full.Count).ToArray();
        new SeededRandom(seed, stream: 0x5B117).Shuffle(order.AsSpan());
        int kept = limit == 0 ? full.Count : Math.Min(limit, full.Count);
        int validation = (int)Math.Round(kept * validationFraction);
        if (kept - validation < 1) throw new ArgumentException($"{full.Name}: no training samples left after holding out {validation} of {kept} for validation");
        return new DataSplit(
            full.Select(order.AsSpan(0, kept - validation), $"{full.Name} (training)"),
            full.Select(order.AsSpan(kept - validation, validation), $"{full.Name} (validation)"));
    }
}

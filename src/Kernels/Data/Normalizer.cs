using System.Numerics.Tensors;

namespace ActorTrain.Kernels.Data;

public enum NormalizationKind
{
    None,
    /// <summary>(x − mean) / std with one mean and std over all training features (usual for images).</summary>
    Standardize,
    /// <summary>(x − mean_j) / std_j per feature column; constant columns get std 1.</summary>
    StandardizePerFeature,
    /// <summary>(x − min) / (max − min) over all training features.</summary>
    MinMax,
}

/// <summary>
/// An affine feature transform x' = (x − shift_j) · scale_j, fitted on the training set only and then applied
/// unchanged to validation and test data, so no statistic leaks from held-out data.
/// </summary>
public sealed class Normalizer
{
    private readonly float[] _shift;
    private readonly float[] _scale;

    private Normalizer(NormalizationKind kind, float[] shift, float[] scale)
    {
        Kind = kind;
        _shift = shift;
        _scale = scale;
    }

    public NormalizationKind Kind { get; }

    public ReadOnlySpan<float> Shift => _shift;
    public ReadOnlySpan<float> Scale => _scale;

    public static NormalizationKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => NormalizationKind.None,
        "standardize" or "standardise" => NormalizationKind.Standardize,
        "standardize-per-feature" or "standardise-per-feature" => NormalizationKind.StandardizePerFeature,
        "min-max" or "minmax" => NormalizationKind.MinMax,
        _ => throw new ArgumentException($"unknown normalization '{name}'; valid: none, standardize, standardize-per-feature, min-max"),
    };

    public static Normalizer Fit(Dataset training, NormalizationKind kind)
    {
        int w = training.Width;
        var shift = new float[w];
        var scale = new float[w];
        ReadOnlySpan<float> x = training.Features;
        switch (kind)
        {
            case NormalizationKind.None:
                scale.AsSpan().Fill(1f);
                break;
            case NormalizationKind.Standardize:
            {
                double mean = 0, squares = 0;
                foreach (float v in x) { mean += v; squares += (double)v * v; }
                mean /= x.Length;
                double std = Math.Sqrt(Math.Max(0, squares / x.Length - mean * mean));
                shift.AsSpan().Fill((float)mean);
                scale.AsSpan().Fill(std > 1e-12 ? (float)(1 / std) : 1f);
                break;
            }
            case NormalizationKind.StandardizePerFeature:
            {
                var sum = new double[w];
                var squares = new double[w];
                for (int r = 0; r < training.Count; r++)
                for (int c = 0; c < w; c++)
                {
                    double v = x[r * w + c];
                    sum[c] += v;
                    squares[c] += v * v;
                }
                for (int c = 0; c < w; c++)
                {
                    double mean = sum[c] / training.Count;
                    double std = Math.Sqrt(Math.Max(0, squares[c] / training.Count - mean * mean));
                    shift[c] = (float)mean;
                    scale[c] = std > 1e-12 ? (float)(1 / std) : 1f;
                }
                break;
            }
            case NormalizationKind.MinMax:
            {
                float min = TensorPrimitives.Min(x), max = TensorPrimitives.Max(x);
                shift.AsSpan().Fill(min);
                scale.AsSpan().Fill(max > min ? 1f / (max - min) : 1f);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return new Normalizer(kind, shift, scale);
    }

    /// <summary>Transforms every row of <paramref name="data"/> in place.</summary>
    public void Apply(Dataset data)
    {
        if (data.Width != _shift.Length) throw new ArgumentException($"{data.Name}: width {data.Width} differs from the {_shift.Length} features the normalizer was fitted on");
        if (Kind == NormalizationKind.None) return;
        Span<float> x = data.Features;
        for (int r = 0; r < data.Count; r++)
        {
            Span<float> row = x.Slice(r * data.Width, data.Width);
            TensorPrimitives.Subtract(row, _shift, row);
            TensorPrimitives.Multiply(row, _scale, row);
        }
    }
}

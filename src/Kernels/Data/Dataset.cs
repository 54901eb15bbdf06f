namespace ActorTrain.Kernels.Data;

/// <summary>
/// Samples in memory: features row-major (Count × Width) and targets (Count × TargetWidth; a class index per row for
/// classification). Images remember their shape so augmentation can shift and flip them.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] features, float[] targets, int width, int targetWidth, int classes, ImageShape? image = null)
    {
        if (width <= 0) throw new ArgumentException($"{name}: feature width must be positive, got {width}");
        if (features.Length % width != 0) throw new ArgumentException($"{name}: {features.Length} feature values are not a whole number of rows of {width}");
        Count = features.Length / width;
        if (targets.Length != (long)Count * targetWidth)
            throw new ArgumentException($"{name}: {Count} samples need {Count * (long)targetWidth} target values, got {targets.Length}");
        if (image is { } shape && shape.Pixels != width)
            throw new ArgumentException($"{name}: image shape {shape} does not hold {width} features");
        Name = name;
        Features = features;
        Targets = targets;
        Width = width;
        TargetWidth = targetWidth;
        Classes = classes;
        Image = image;
    }

    public string Name { get; }
    public float[] Features { get; }
    public float[] Targets { get; }
    public int Count { get; }
    public int Width { get; }
    public int TargetWidth { get; }

    /// <summary>Number of classes for classification targets, 0 for regression.</summary>
    public int Classes { get; }

    public ImageShape? Image { get; }

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * Width, Width);

    public ReadOnlySpan<float> Target(int index) => Targets.AsSpan(index * TargetWidth, TargetWidth);

    /// <summary>A new dataset holding the given rows in the given order.</summary>
    public Dataset Select(ReadOnlySpan<int> indices, string name)
    {
        var features = new float[indices.Length * Width];
        var targets = new float[indices.Length * TargetWidth];
        for (int i = 0; i < indices.Length; i++)
        {
            Row(indices[i]).CopyTo(features.AsSpan(i * Width));
            Target(indices[i]).CopyTo(targets.AsSpan(i * TargetWidth));
        }
        return new Dataset(name, features, targets, Width, TargetWidth, Classes, Image);
    }

    public override string ToString() => $"{Name}: {Count} samples × {Width} features";
}

/// <summary>Channels × height × width of one image sample.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int Pixels => Channels * Height * Width;

    public override string ToString() => $"{Channels}×{Height}×{Width}";
}

using ActorTrain.Kernels.Data;
using ActorTrain.Runtime.Settings;

namespace ActorTrain.Runtime.Training;

/// <summary>The three data sets of a run, normalized with statistics of the training split only.</summary>
public sealed record TrainingData(Dataset Training, Dataset Validation, Dataset Test, Normalizer Normalizer)
{
    public static TrainingData Load(DataSettings settings, ulong seed)
    {
        var (train, test) = settings.Dataset.Trim().ToLowerInvariant() switch
        {
            "fashion-mnist" or "mnist" or "idx" => (
                IdxReader.ReadImagesAndLabels(Idx(settings.Path, "train-images-idx3-ubyte"), Idx(settings.Path, "train-labels-idx1-ubyte"), "train"),
                IdxReader.ReadImagesAndLabels(Idx(settings.Path, "t10k-images-idx3-ubyte"), Idx(settings.Path, "t10k-labels-idx1-ubyte"), "test")),
            "csv" => LoadCsv(settings),
            _ => throw new ArgumentException($"unknown data set '{settings.Dataset}'; valid: fashion-mnist, mnist, csv"),
        };
        var split = DataSplit.Create(train, settings.ValidationFraction, settings.Limit, seed);
        var normalizer = Normalizer.Fit(split.Training, settings.Normalization);
        normalizer.Apply(split.Training);
        normalizer.Apply(split.Validation);
        normalizer.Apply(test);
        return new TrainingData(split.Training, split.Validation, test, normalizer);
    }

    private static (Dataset, Dataset) LoadCsv(DataSettings s)
    {
        if (s.TrainCsv.Length == 0) throw new ArgumentException("dataset = csv needs actortrain.data.train-csv");
        var train = CsvReader.Read(s.TrainCsv, s.LabelColumn);
        var test = s.TestCsv.Length > 0 ? CsvReader.Read(s.TestCsv, s.LabelColumn, classes: train.Classes) : train.Select([], "test");
        if (test.Count > 0 && test.Width != train.Width) throw new DataFormatException(s.TestCsv, $"{test.Width} features, the training file has {train.Width}");
        return (train, test);
    }

    /// <summary>The gzip file if present, else the raw one; a missing pair names both and the package that ships them.</summary>
    private static string Idx(string folder, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            string path = System.IO.Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new DataFormatException(System.IO.Path.Combine(folder, name + "(.gz)"),
            "not found; install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or set actortrain.data.path");
    }
}

using ActorTrain.Kernels.Data;

namespace ActorTrain.Kernels.Tests.Data;

/// <summary>Reads the real Fashion-MNIST test split that tools/setup.sh installs (Debian's dataset-fashion-mnist).</summary>
public sealed class FashionMnistFileTests
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void ReadImagesAndLabels_FashionMnistTestSplit_TenThousandBalancedImagesInUnitRange()
    {
        string images = Path.Combine(Folder, "t10k-images-idx3-ubyte.gz"), labels = Path.Combine(Folder, "t10k-labels-idx1-ubyte.gz");
        Assert.True(File.Exists(images) && File.Exists(labels), $"{Folder} lacks the test split; run tools/setup.sh (apt-get install dataset-fashion-mnist)");

        var data = IdxReader.ReadImagesAndLabels(images, labels, "test");

        Assert.Equal(10_000, data.Count);
        Assert.Equal(new ImageShape(1, 28, 28), data.Image);
        Assert.Equal(784, data.Width);
        Assert.Equal(0f, data.Features.Min());
        Assert.Equal(1f, data.Features.Max());
        // The published split holds exactly 1000 images of each of the 10 classes.
        var histogram = new int[10];
        foreach (float label in data.Targets) histogram[(int)label]++;
        Assert.All(histogram, count => Assert.Equal(1000, count));
        // The first ten labels (ankle boot, pullover, trouser, ...) and the first image's byte sum were read from the
        // same file with python's gzip and struct modules.
        Assert.Equal([9f, 2f, 1f, 1f, 6f, 1f, 4f, 6f, 5f, 7f], data.Targets[..10]);
        Assert.Equal(33456, data.Row(0).ToArray().Sum(v => (int)MathF.Round(v * 255f)));
    }
}

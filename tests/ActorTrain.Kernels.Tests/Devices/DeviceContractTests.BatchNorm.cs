namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Batch norm split into moments, statistics, normalisation and the two backward passes, run as one training step on
/// each device (each device feeding its own intermediates forward). Column sums: (rows + 2)·u of Σ|terms|. The rest
/// are a handful of float operations on values of order 1 after a variance that cancels mildly (mean ≈ std here):
/// relative 1e-5 plus 1e-6 absolute.
/// </summary>
public abstract partial class DeviceContractTests
{
    public static TheoryData<int, int> BatchNormShapes => new() { { 2, 1 }, { 7, 3 }, { 33, 17 }, { 128, 129 } };

    [Theory]
    [MemberData(nameof(BatchNormShapes))]
    public void BatchNormTrainingStep_AnyShape_MatchesReference(int rows, int cols)
    {
        const float momentum = 0.1f, epsilon = 1e-5f;
        using var pair = Pair(60);
        float[] xv = pair.GaussianValues(rows * cols, 2);
        for (int i = 0; i < xv.Length; i++) xv[i] += i % cols - cols / 2f; // a different mean per column
        var x = pair.Upload(xv);
        var moments = pair.Upload(pair.UniformValues(2 * cols, 0, 3)); // ops add into moments and reductions: start non-zero
        float[] startMoments = moments.Actual();
        var (saved, runningMean, runningVar) = (pair.Filled(2 * cols, float.NaN), pair.Gaussian(cols), pair.Uniform(cols, 0.5, 2));
        var (gamma, beta, y) = (pair.Uniform(cols, 0.5, 1.5), pair.Gaussian(cols), pair.Filled(rows * cols, float.NaN));
        var (dy, reductions, dx) = (pair.Gaussian(rows * cols), pair.Filled(2 * cols, 0f), pair.Filled(rows * cols, float.NaN));

        pair.Run(s => s.ColumnMoments(x.On(s), rows, cols, moments.On(s)));
        Tolerance.AssertWithin(moments.Expected(), moments.Actual(), i =>
        {
            int c = i % cols;
            double magnitude = Math.Abs(startMoments[i]);
            for (int r = 0; r < rows; r++) magnitude += i < cols ? Math.Abs(xv[r * cols + c]) : (double)xv[r * cols + c] * xv[r * cols + c];
            return (rows + 2) * Tolerance.FloatRoundoff * magnitude;
        }, "batch-norm moments");

        pair.Run(s => s.Fill(moments.On(s), 0f));
        pair.Run(s => s.ColumnMoments(x.On(s), rows, cols, moments.On(s)));
        pair.Run(s => s.BatchNormStatistics(moments.On(s), rows, cols, momentum, epsilon, saved.On(s), runningMean.On(s), runningVar.On(s)));
        Tolerance.AssertClose(saved.Expected(), saved.Actual(), 1e-5, 1e-6, "batch-norm saved mean and inverse std");
        Tolerance.AssertClose(runningMean.Expected(), runningMean.Actual(), 1e-5, 1e-6, "batch-norm running mean");
        Tolerance.AssertClose(runningVar.Expected(), runningVar.Actual(), 1e-5, 1e-6, "batch-norm running variance");

        pair.Run(s => s.BatchNormNormalize(x.On(s), y.On(s), rows, cols, saved.On(s), gamma.On(s), beta.On(s)));
        Tolerance.AssertClose(y.Expected(), y.Actual(), 1e-5, 1e-6, "batch-norm output");

        pair.Run(s => s.BatchNormBackwardReductions(x.On(s), dy.On(s), rows, cols, saved.On(s), reductions.On(s)));
        Tolerance.AssertClose(reductions.Expected(), reductions.Actual(), 1e-5, 1e-6 * rows, "batch-norm Σdy and Σdy·x̂");

        pair.Run(s => s.BatchNormBackwardInput(x.On(s), dy.On(s), rows, cols, rows, saved.On(s), gamma.On(s), reductions.On(s), dx.On(s)));
        Tolerance.AssertClose(dx.Expected(), dx.Actual(), 1e-5, 1e-6, "batch-norm dx");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(129)]
    public void BatchNormInferenceStatistics_AnyWidth_MatchesReference(int cols)
    {
        using var pair = Pair(61);
        var (runningMean, runningVar, saved) = (pair.Gaussian(cols), pair.Uniform(cols, 0, 2), pair.Filled(2 * cols, float.NaN));

        pair.Run(s => s.BatchNormInferenceStatistics(runningMean.On(s), runningVar.On(s), cols, 1e-5f, saved.On(s)));

        Tolerance.AssertClose(saved.Expected(), saved.Actual(), 1e-6, 0, "batch-norm inference statistics");
        Assert.Equal(runningMean.Actual(), saved.Actual().Take(cols));
    }
}

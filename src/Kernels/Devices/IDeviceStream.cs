using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Devices;

/// <summary>
/// An in-order queue of work on one device: the contract every device implements and every layer is written against.
/// Ops run in the order they are enqueued; on asynchronous devices they return before the work is done, so host memory
/// handed to <see cref="Upload"/> must stay unchanged, and memory handed to <see cref="Download"/> must not be read,
/// until the returned event completes. Matrices are row-major and packed (leading dimension = columns).
/// A stream is used by one thread at a time.
/// </summary>
public interface IDeviceStream : IDisposable
{
    IDevice Device { get; }

    // ---- memory -------------------------------------------------------------------------------------------------
    DeviceEvent Upload(ReadOnlyMemory<float> source, DeviceSpan destination);
    DeviceEvent Download(DeviceSpan source, Memory<float> destination);

    /// <summary>An event that completes when everything enqueued so far has completed.</summary>
    DeviceEvent Record();

    /// <summary>Blocks until everything enqueued so far has completed.</summary>
    void Synchronize();

    void Fill(DeviceSpan x, float value);
    void Copy(DeviceSpan source, DeviceSpan destination);

    /// <summary>y = alpha·x + beta·y.</summary>
    void Axpby(float alpha, DeviceSpan x, float beta, DeviceSpan y);

    // ---- linear algebra -----------------------------------------------------------------------------------------
    /// <summary>C (m×n) = alpha·op(A)·op(B) + beta·C, op(A) m×k, op(B) k×n.</summary>
    /// <param name="lda">
    /// A's leading dimension, the distance between its stored rows: 0 for packed (k, or m when A is transposed); more
    /// reads A as a block of columns of a wider matrix — e.g. a column range of dy, for a dense layer's weight gradient
    /// computed in row blocks.
    /// </param>
    void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, DeviceSpan a, DeviceSpan b, float beta, DeviceSpan c, int lda = 0);

    /// <summary>matrix[r, c] += vector[c].</summary>
    void AddRowVector(DeviceSpan matrix, int rows, int cols, DeviceSpan vector);

    /// <summary>result[c] = beta·result[c] + Σ_r matrix[r, c] (bias gradients).</summary>
    void SumRows(DeviceSpan matrix, int rows, int cols, float beta, DeviceSpan result);

    // ---- reductions into device scalars (no host round trip) ---------------------------------------------------
    /// <summary>result[0] = beta·result[0] + Σ x².</summary>
    void SumOfSquares(DeviceSpan x, float beta, DeviceSpan result);

    /// <summary>result[0] = Σ x.</summary>
    void Sum(DeviceSpan x, DeviceSpan result);

    /// <summary>result[r] = index of the largest value in row r (as a float; exact below 2^24).</summary>
    void ArgMaxRows(DeviceSpan matrix, int rows, int cols, DeviceSpan result);

    // ---- activations --------------------------------------------------------------------------------------------
    void ActivationForward(Activation activation, DeviceSpan x, DeviceSpan y);

    /// <summary>dx = dy · f'(x), with f' written in terms of the forward output y.</summary>
    void ActivationBackward(Activation activation, DeviceSpan y, DeviceSpan dy, DeviceSpan dx);

    // ---- losses: per-row losses forward; backward writes dLoss/dInput · scale --------------------------------------
    /// <summary>
    /// Numerically stable fused softmax + cross-entropy. labels[r] holds the class index of row r. A label that is not
    /// one is refused with an <see cref="ArgumentException"/>: by the op on host devices, at the stream's next wait
    /// (event or <see cref="Synchronize"/>) on asynchronous ones, which cannot read labels without a round trip.
    /// </summary>
    void SoftmaxCrossEntropyForward(DeviceSpan logits, DeviceSpan labels, int rows, int classes, DeviceSpan probabilities, DeviceSpan losses);

    /// <summary>dLogits = scale · (probabilities − onehot(labels)).</summary>
    void SoftmaxCrossEntropyBackward(DeviceSpan probabilities, DeviceSpan labels, int rows, int classes, float scale, DeviceSpan dLogits);

    /// <summary>losses[r] = mean_c (prediction − target)².</summary>
    void MeanSquaredErrorForward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, DeviceSpan losses);

    /// <summary>dPrediction = scale · 2 (prediction − target) / cols.</summary>
    void MeanSquaredErrorBackward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dPrediction);

    /// <summary>losses[r] = mean_c [max(x,0) − x·t + log(1 + e^−|x|)].</summary>
    void BinaryCrossEntropyWithLogitsForward(DeviceSpan logits, DeviceSpan target, int rows, int cols, DeviceSpan losses);

    /// <summary>dLogits = scale · (σ(x) − t) / cols.</summary>
    void BinaryCrossEntropyWithLogitsBackward(DeviceSpan logits, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dLogits);

    // ---- regularisation layers ------------------------------------------------------------------------------------
    /// <summary>Inverted dropout: y = x · keep / (1 − rate), the mask drawn from <paramref name="key"/>.</summary>
    void DropoutForward(DeviceSpan x, DeviceSpan y, int rows, int cols, float rate, DropoutKey key);

    /// <summary>dx = dy · keep / (1 − rate), regenerating the same mask.</summary>
    void DropoutBackward(DeviceSpan dy, DeviceSpan dx, int rows, int cols, float rate, DropoutKey key);

    /// <summary>
    /// Per-column sums Σx and Σx² over rows, added into <paramref name="moments"/> (2·cols: sums then sums of squares).
    /// Split from normalisation so that data-parallel replicas can add their moments before normalising (SyncBatchNorm).
    /// </summary>
    void ColumnMoments(DeviceSpan x, int rows, int cols, DeviceSpan moments);

    /// <summary>
    /// Turns moments over <paramref name="count"/> rows into statistics: mean and 1/sqrt(var + eps) into
    /// <paramref name="saved"/> (2·cols), and updates running mean/var (unbiased) with <paramref name="momentum"/> as PyTorch does.
    /// </summary>
    void BatchNormStatistics(DeviceSpan moments, int count, int cols, float momentum, float epsilon, DeviceSpan saved, DeviceSpan runningMean, DeviceSpan runningVar);

    /// <summary>y = gamma · (x − mean) · invStd + beta, with mean and invStd from <paramref name="saved"/>.</summary>
    void BatchNormNormalize(DeviceSpan x, DeviceSpan y, int rows, int cols, DeviceSpan saved, DeviceSpan gamma, DeviceSpan beta);

    /// <summary>Inference: mean and invStd from running statistics into <paramref name="saved"/>.</summary>
    void BatchNormInferenceStatistics(DeviceSpan runningMean, DeviceSpan runningVar, int cols, float epsilon, DeviceSpan saved);

    /// <summary>
    /// Σ dy and Σ dy·x̂ per column, added into <paramref name="reductions"/> (2·cols); these are also dBeta and dGamma,
    /// and SyncBatchNorm adds them across replicas before <see cref="BatchNormBackwardInput"/>.
    /// </summary>
    void BatchNormBackwardReductions(DeviceSpan x, DeviceSpan dy, int rows, int cols, DeviceSpan saved, DeviceSpan reductions);

    /// <summary>dx = gamma · invStd · (dy − Σdy/count − x̂ · Σdy·x̂/count), over a global batch of <paramref name="count"/> rows.</summary>
    void BatchNormBackwardInput(DeviceSpan x, DeviceSpan dy, int rows, int cols, int count, DeviceSpan saved, DeviceSpan gamma, DeviceSpan reductions, DeviceSpan dx);

    // ---- optimizers -----------------------------------------------------------------------------------------------
    /// <summary>
    /// One fused update of a slice of the flat parameter vector (see <see cref="OptimizerUpdate"/>). State spans have the
    /// parameter length (or are empty when the optimizer keeps fewer vectors). <paramref name="gradientNormSquared"/>
    /// (one value) is read only when clipping by global norm.
    /// </summary>
    void OptimizerStep(in OptimizerUpdate update, DeviceSpan parameters, DeviceSpan gradients, DeviceSpan state1, DeviceSpan state2, DeviceSpan gradientNormSquared);
}

using ActorTrain.Kernels.Ops;
using static ActorTrain.Kernels.Devices.Reference.ReferenceStream;

namespace ActorTrain.Kernels.Devices.OpenCl;

/// <summary>Losses, dropout, batch norm and the optimizer update. A label that is not a class index cannot be refused
/// when the op is enqueued (that would read labels back to the host): the kernel writes NaN and records it, and the
/// stream's next wait throws the reference's message (<see cref="KernelErrorWord"/>).</summary>
internal sealed partial class OpenClStream
{
    public void SoftmaxCrossEntropyForward(DeviceSpan logits, DeviceSpan labels, int rows, int classes, DeviceSpan probabilities, DeviceSpan losses)
    {
        CheckLoss(logits, labels, rows, classes, rows, "softmax-cross-entropy");
        Require(probabilities, (long)rows * classes, "softmax-cross-entropy probabilities");
        Require(losses, rows, "softmax-cross-entropy losses");
        Call("softmax_cross_entropy_forward").Span(logits).Span(labels).Int(rows).Int(classes).Span(probabilities).Span(losses).Memory(_errors.Memory).Run(rows, _rowGroup);
    }

    public void SoftmaxCrossEntropyBackward(DeviceSpan probabilities, DeviceSpan labels, int rows, int classes, float scale, DeviceSpan dLogits)
    {
        CheckLoss(probabilities, labels, rows, classes, rows, "softmax-cross-entropy backward");
        Require(dLogits, (long)rows * classes, "softmax-cross-entropy dLogits");
        Call("softmax_cross_entropy_backward").Span(probabilities).Span(labels).Int(rows).Int(classes).Float(scale).Span(dLogits).Memory(_errors.Memory).Run(rows * classes, _group);
    }

    public void MeanSquaredErrorForward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, DeviceSpan losses)
    {
        CheckLoss(prediction, target, rows, cols, (long)rows * cols, "mse");
        Require(losses, rows, "mse losses");
        Call("mean_squared_error_forward").Span(prediction).Span(target).Int(rows).Int(cols).Span(losses).Run(rows, _rowGroup);
    }

    public void MeanSquaredErrorBackward(DeviceSpan prediction, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dPrediction)
    {
        CheckLoss(prediction, target, rows, cols, (long)rows * cols, "mse backward");
        Require(dPrediction, (long)rows * cols, "mse dPrediction");
        Call("mean_squared_error_backward").Span(prediction).Span(target).Int(rows * cols).Int(cols).Float(scale).Span(dPrediction).Run(rows * cols, _group);
    }

    public void BinaryCrossEntropyWithLogitsForward(DeviceSpan logits, DeviceSpan target, int rows, int cols, DeviceSpan losses)
    {
        CheckLoss(logits, target, rows, cols, (long)rows * cols, "bce-with-logits");
        Require(losses, rows, "bce-with-logits losses");
        Call("bce_with_logits_forward").Span(logits).Span(target).Int(rows).Int(cols).Span(losses).Run(rows, _rowGroup);
    }

    public void BinaryCrossEntropyWithLogitsBackward(DeviceSpan logits, DeviceSpan target, int rows, int cols, float scale, DeviceSpan dLogits)
    {
        CheckLoss(logits, target, rows, cols, (long)rows * cols, "bce-with-logits backward");
        Require(dLogits, (long)rows * cols, "bce-with-logits dLogits");
        Call("bce_with_logits_backward").Span(logits).Span(target).Int(rows * cols).Int(cols).Float(scale).Span(dLogits).Run(rows * cols, _group);
    }

    public void DropoutForward(DeviceSpan x, DeviceSpan y, int rows, int cols, float rate, DropoutKey key) => Dropout(x, y, rows, cols, rate, key);

    public void DropoutBackward(DeviceSpan dy, DeviceSpan dx, int rows, int cols, float rate, DropoutKey key) => Dropout(dy, dx, rows, cols, rate, key);

    private void Dropout(DeviceSpan input, DeviceSpan output, int rows, int cols, float rate, DropoutKey key)
    {
        CheckDropout(input, output, rows, cols, rate);
        float keepScale = 1f / (1f - rate); // computed here in float, as the reference does, so kept values match bit for bit
        Call("dropout").Span(input).Span(output).Int(rows).Int(cols).Float(rate).Float(keepScale)
            .ULong(key.Seed).ULong(key.StreamId).Int(key.RowOffset).Run(rows * cols, _group);
    }

    public void ColumnMoments(DeviceSpan x, int rows, int cols, DeviceSpan moments)
    {
        CheckMatrix(rows, cols, "batch-norm moments");
        Require(x, (long)rows * cols, "batch-norm moments input");
        CheckColumns(moments, cols, 2, "batch-norm moments");
        Call("column_moments").Span(x).Int(rows).Int(cols).Span(moments).Run(cols, _rowGroup);
    }

    public void BatchNormStatistics(DeviceSpan moments, int count, int cols, float momentum, float epsilon, DeviceSpan saved, DeviceSpan runningMean, DeviceSpan runningVar)
    {
        if (count < 2) throw new ArgumentException($"batch norm in training needs at least 2 rows per batch, got {count}");
        CheckColumns(moments, cols, 2, "batch-norm moments");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(runningMean, cols, 1, "batch-norm running mean");
        CheckColumns(runningVar, cols, 1, "batch-norm running variance");
        Call("batch_norm_statistics").Span(moments).Int(count).Int(cols).Float(momentum).Float(epsilon)
            .Span(saved).Span(runningMean).Span(runningVar).Run(cols, _rowGroup);
    }

    public void BatchNormInferenceStatistics(DeviceSpan runningMean, DeviceSpan runningVar, int cols, float epsilon, DeviceSpan saved)
    {
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(runningMean, cols, 1, "batch-norm running mean");
        CheckColumns(runningVar, cols, 1, "batch-norm running variance");
        Call("batch_norm_inference_statistics").Span(runningMean).Span(runningVar).Int(cols).Float(epsilon).Span(saved).Run(cols, _rowGroup);
    }

    public void BatchNormNormalize(DeviceSpan x, DeviceSpan y, int rows, int cols, DeviceSpan saved, DeviceSpan gamma, DeviceSpan beta)
    {
        CheckMatrix(rows, cols, "batch-norm normalize");
        Require(x, (long)rows * cols, "batch-norm input");
        Require(y, (long)rows * cols, "batch-norm output");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(gamma, cols, 1, "batch-norm gamma");
        CheckColumns(beta, cols, 1, "batch-norm beta");
        Call("batch_norm_normalize").Span(x).Span(y).Int(rows).Int(cols).Span(saved).Span(gamma).Span(beta).Run(rows * cols, _group);
    }

    public void BatchNormBackwardReductions(DeviceSpan x, DeviceSpan dy, int rows, int cols, DeviceSpan saved, DeviceSpan reductions)
    {
        CheckMatrix(rows, cols, "batch-norm backward");
        Require(x, (long)rows * cols, "batch-norm backward input");
        Require(dy, (long)rows * cols, "batch-norm backward dy");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(reductions, cols, 2, "batch-norm backward reductions");
        Call("batch_norm_backward_reductions").Span(x).Span(dy).Int(rows).Int(cols).Span(saved).Span(reductions).Run(cols, _rowGroup);
    }

    public void BatchNormBackwardInput(DeviceSpan x, DeviceSpan dy, int rows, int cols, int count, DeviceSpan saved, DeviceSpan gamma, DeviceSpan reductions, DeviceSpan dx)
    {
        CheckMatrix(rows, cols, "batch-norm backward");
        Require(x, (long)rows * cols, "batch-norm backward input");
        Require(dy, (long)rows * cols, "batch-norm backward dy");
        Require(dx, (long)rows * cols, "batch-norm backward dx");
        CheckColumns(saved, cols, 2, "batch-norm saved statistics");
        CheckColumns(gamma, cols, 1, "batch-norm gamma");
        CheckColumns(reductions, cols, 2, "batch-norm backward reductions");
        Call("batch_norm_backward_input").Span(x).Span(dy).Int(rows).Int(cols).Int(count).Span(saved).Span(gamma).Span(reductions).Span(dx).Run(rows * cols, _group);
    }

    public void OptimizerStep(in OptimizerUpdate u, DeviceSpan parameters, DeviceSpan gradients, DeviceSpan state1, DeviceSpan state2, DeviceSpan gradientNormSquared)
    {
        CheckOptimizer(u, parameters, gradients, state1, state2, gradientNormSquared);
        if (u.Kind is < OptimizerKind.Sgd or > OptimizerKind.AdamW) throw new ArgumentOutOfRangeException(nameof(u), u.Kind, "unknown optimizer");
        int states = OptimizerUpdate.StateVectors(u.Kind);
        float decay = u.Kind == OptimizerKind.AdamW ? 1f - u.LearningRate * u.WeightDecay : 1f;
        float stepSize = (float)(u.LearningRate / (1 - Math.Pow(u.Beta1, u.Step)));
        float invSqrtBias2 = (float)(1 / Math.Sqrt(1 - Math.Pow(u.Beta2, u.Step)));
        Call("optimizer_step").Int((int)u.Kind).Span(parameters).Span(gradients)
            .Span(states >= 1 ? state1 : default).Span(states >= 2 ? state2 : default)
            .Span(u.MaxGradientNorm > 0f ? gradientNormSquared : default)
            .Float(u.GradientScale).Float(u.MaxGradientNorm).Float(u.ClipValue).Float(u.L2).Float(u.L1)
            .Float(u.LearningRate).Float((float)u.Momentum).Float((float)u.Alpha).Float((float)(1 - u.Alpha))
            .Float((float)u.Beta1).Float((float)(1 - u.Beta1)).Float((float)u.Beta2).Float((float)(1 - u.Beta2)).Float(u.Epsilon)
            .Float(decay).Float(stepSize).Float(invSqrtBias2).Int(parameters.Length).Run(parameters.Length, _group);
    }
}

using ActorTrain.Kernels.Random;

namespace ActorTrain.Kernels.Initializers;

/// <summary>
/// Fills a weight tensor with its initial values. <c>fanIn</c> and <c>fanOut</c> are the tensor's
/// input and output connection counts as PyTorch computes them (for a dense layer: in and out features;
/// for a convolution: channels times kernel area). Every initializer rejects a fan of zero or less,
/// even those that ignore it, so that a wiring mistake shows up whichever initializer a config picks.
/// </summary>
public interface IInitializer
{
    /// <summary>A name that <see cref="Initializer.Parse"/> turns back into an equal initializer.</summary>
    string Name { get; }

    void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random);
}

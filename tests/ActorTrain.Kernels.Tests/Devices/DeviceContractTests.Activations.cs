using ActorTrain.Kernels.Ops;

namespace ActorTrain.Kernels.Tests.Devices;

/// <summary>
/// Activations forward and backward. Forward: relative 1e-5 plus 1e-7 absolute, room for vectorised exp/tanh
/// approximations a few ulps off (the absolute part covers tanh near 0 and sigmoid's denormal tail at −100).
/// Backward is two or three float products: relative 1e-6 (≈ 17u).
/// </summary>
public abstract partial class DeviceContractTests
{
    private static readonly Activation[] AllActivations =
    [
        Activation.Identity, Activation.Relu, Activation.LeakyRelu(), Activation.LeakyRelu(0.2f), Activation.LeakyRelu(1.5f),
        Activation.Sigmoid, Activation.Tanh,
    ];

    public static TheoryData<Activation, int> ActivationCases()
    {
        var data = new TheoryData<Activation, int>();
        foreach (var activation in AllActivations)
        foreach (int length in new[] { 1, 7, 8, 17, 33, 129 })
            data.Add(activation, length);
        return data;
    }

    /// <summary>Gaussian inputs with saturating, tiny and signed-zero values mixed in.</summary>
    private static float[] ActivationInputs(OraclePair pair, int length)
    {
        float[] extremes = [0f, -0f, 100f, -100f, 1e-3f, -1e-3f, 20f, -20f];
        float[] x = pair.GaussianValues(length, scale: 3);
        for (int i = 0; i < length; i += 3) x[i] = extremes[i / 3 % extremes.Length];
        return x;
    }

    /// <summary>f(x) in double: written from the definitions, independently of both devices.</summary>
    private static float Apply(Activation activation, float x) => (float)(activation.Kind switch
    {
        ActivationKind.Identity => x,
        ActivationKind.Relu => Math.Max(x, 0.0),
        ActivationKind.LeakyRelu => x > 0 ? x : activation.Slope * (double)x,
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-(double)x)),
        ActivationKind.Tanh => Math.Tanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    });

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationForward_AnyKind_MatchesReference(Activation activation, int length)
    {
        using var pair = Pair(30);
        float[] xv = ActivationInputs(pair, length);
        var (x, y) = (pair.Upload(xv), pair.Filled(length, float.NaN));

        pair.Run(s => s.ActivationForward(activation, x.On(s), y.On(s)));

        Tolerance.AssertClose(y.Expected(), y.Actual(), 1e-5, 1e-7, $"{activation} forward");
        Tolerance.AssertClose(xv.Select(v => Apply(activation, v)).ToArray(), y.Actual(), 1e-5, 1e-7, $"{activation} forward vs formula");
        Assert.Equal(xv, x.Actual());
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationBackward_AnyKind_MatchesReference(Activation activation, int length)
    {
        using var pair = Pair(31);
        float[] yv = ActivationInputs(pair, length).Select(v => Apply(activation, v)).ToArray();
        var (y, dy, dx) = (pair.Upload(yv), pair.Gaussian(length), pair.Filled(length, float.NaN));

        pair.Run(s => s.ActivationBackward(activation, y.On(s), dy.On(s), dx.On(s)));

        Tolerance.AssertClose(dx.Expected(), dx.Actual(), 1e-6, 1e-37, $"{activation} backward");
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationForward_InPlace_EqualsOutOfPlace(Activation activation, int length)
    {
        using var pair = Pair(32);
        float[] xv = ActivationInputs(pair, length);
        var (x, y) = (pair.Upload(xv), pair.Filled(length, float.NaN));

        pair.Run(s => s.ActivationForward(activation, x.On(s), y.On(s)));
        pair.Run(s => s.ActivationForward(activation, x.On(s), x.On(s)));

        Assert.Equal(y.Actual(), x.Actual());
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationBackward_InPlaceOverGradient_EqualsOutOfPlace(Activation activation, int length)
    {
        using var pair = Pair(33);
        float[] yv = ActivationInputs(pair, length).Select(v => Apply(activation, v)).ToArray();
        var (y, dy, dx) = (pair.Upload(yv), pair.Gaussian(length), pair.Filled(length, float.NaN));

        pair.Run(s => s.ActivationBackward(activation, y.On(s), dy.On(s), dx.On(s)));
        pair.Run(s => s.ActivationBackward(activation, y.On(s), dy.On(s), dy.On(s)));

        Assert.Equal(dx.Actual(), dy.Actual());
    }
}

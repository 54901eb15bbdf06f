namespace ActorTrain.Kernels.Tests.Fixtures;

/// <summary>Fixtures/torch_kernels.txt, written by tools/gen_torch_kernel_fixtures.py (losses, optimizer trajectories, MLPs).</summary>
internal static class TorchKernelFixture
{
    private static readonly Lazy<FixtureFile> Loaded = new(() => FixtureFile.Load("torch_kernels.txt"));

    public static FixtureFile File => Loaded.Value;
}

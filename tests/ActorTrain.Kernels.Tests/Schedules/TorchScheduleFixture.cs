using ActorTrain.Kernels.Tests.Fixtures;

namespace ActorTrain.Kernels.Tests.Schedules;

/// <summary>
/// Fixtures/torch_schedules.txt, written by tools/gen_torch_schedule_fixtures.py: per case a line
/// '&lt;case&gt; lr0 lr1 ...' (see <see cref="FixtureFile"/> for the format).
/// </summary>
internal static class TorchScheduleFixture
{
    private static readonly Lazy<FixtureFile> Loaded = new(() => FixtureFile.Load("torch_schedules.txt"));

    public static string Header => Loaded.Value.Header;

    public static IReadOnlyDictionary<string, double[]> Cases => Loaded.Value.Keys.ToDictionary(k => k, k => Loaded.Value[k]);
}

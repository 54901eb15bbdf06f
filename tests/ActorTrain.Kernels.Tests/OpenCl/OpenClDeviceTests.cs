using ActorTrain.Kernels.Devices.OpenCl;
using ActorTrain.Kernels.Native;

namespace ActorTrain.Kernels.Tests.OpenCl;

/// <summary>Discovery, awaitable events, the program cache and the error paths; the device contract (budget, zero fill,
/// spans of other devices, every op) is <see cref="OpenClDeviceContractTests"/>.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClDeviceTests(OpenClDeviceFixture fixture) : IDisposable
{
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "actortrain-opencl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory)) Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Fact]
    public void Discover_WithPocl_ListsNamedDevicesWithMemoryAndComputeUnits()
    {
        var found = OpenClPlatform.Discover();
        Assert.Equal("", found.Reason);
        Assert.NotEmpty(found.Devices);
        Assert.Equal(Enumerable.Range(0, found.Devices.Count).Select(i => $"opencl:{i}"), found.Devices.Select(d => d.Name));
        Assert.All(found.Devices, d =>
        {
            Assert.NotEmpty(d.DeviceName);
            Assert.NotEmpty(d.DriverVersion);
            Assert.True(d.GlobalMemoryBytes > 0);
            Assert.True(d.ComputeUnits > 0);
        });
    }

    [Fact]
    public void Open_IndexBeyondDevices_NamesTheDevicesFound()
    {
        var e = Assert.Throws<InvalidOperationException>(() => OpenClDevice.Open(99));
        Assert.Contains("no OpenCL device opencl:99; found opencl:0", e.Message);
    }

    [Fact]
    public void LoadFailure_MissingLibraries_NamesThemAndThePackagesToInstall()
    {
        Assert.Contains("libOpenCL-absent.so.9", OpenClApi.LoadFailure(["libOpenCL-absent.so.9"], out _));
        Assert.Contains("ocl-icd-libopencl1", OpenClApi.LoadFailure(["libOpenCL-absent.so.9"], out _));
        Assert.Contains("libclblast1", ClBlast.LoadFailure(["libclblast-absent.so.9"], out _));
        Assert.Null(OpenClApi.LoadFailure(["libOpenCL.so.1"], out _));
    }

    [Fact]
    public void NativeEnvironment_PoclThreadCount_IsSetBeforePoclStarts() =>
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POCL_MAX_PTHREAD_COUNT")));

    [Fact]
    public async Task Download_Awaited_CompletesWithTheData()
    {
        using var stream = fixture.Device.CreateStream();
        using var buffer = fixture.Device.Allocate(5);
        var source = new float[] { 1, 2, 3, 4, 5 };
        var upload = stream.Upload(source, buffer.All);
        stream.Axpby(0f, buffer.All, 2f, buffer.All);
        var host = new float[5];
        await stream.Download(buffer.All, host);
        Assert.True(upload.IsCompleted);
        Assert.Equal(new float[] { 2, 4, 6, 8, 10 }, host);
    }

    [Fact]
    public void Build_BadKernelSource_ThrowsWithCodeAndBuildLog()
    {
        var e = Assert.Throws<OpenClException>(() =>
            OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, "kernel void broken(global float* x) { x[0] = undefined_name; }", "", null));
        Assert.StartsWith("clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (-11)", e.Message);
        Assert.Contains("build log:", e.Message);
        Assert.Contains("undefined_name", e.Message);
        Assert.Equal(-11, e.Code);
    }

    [Fact]
    public unsafe void Build_SecondTime_LoadsTheCachedBinaryWithItsKernels()
    {
        const string source = "kernel void seven(global float* x, int xo) { x[xo + get_global_id(0)] = 7.0f; }";
        var cache = new ProgramBinaryCache(_cacheDirectory);
        using (var first = OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, source, "", cache))
            Assert.False(first.FromCache);
        Assert.Single(Directory.GetFiles(_cacheDirectory));
        using var second = OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, source, "", cache);
        Assert.True(second.FromCache);
        nint kernel = second.CreateKernel("seven");
        Assert.NotEqual(0, kernel);
        OpenClApi.ReleaseKernel(kernel);
    }

    [Fact]
    public void Build_CorruptCachedBinary_CompilesFromSourceInstead()
    {
        const string source = "kernel void one(global float* x) { x[0] = 1.0f; }";
        var cache = new ProgramBinaryCache(_cacheDirectory);
        cache.Write(ProgramBinaryCache.Key(fixture.Device.Info, "", source), [1, 2, 3, 4]);
        using var program = OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, source, "", cache);
        Assert.False(program.FromCache);
    }

    [Fact]
    public void Build_DeviceKernelsTwice_SecondCompilesNothing()
    {
        var cache = new ProgramBinaryCache(_cacheDirectory);
        string source = OpenClProgram.EmbeddedSource();
        using (var first = OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, source, "", cache))
            Assert.False(first.FromCache);
        using var second = OpenClProgram.Build(fixture.Device.Context.Handle, fixture.Device.Info, source, "", cache);
        Assert.True(second.FromCache);
        Assert.True(second.BuildTime < TimeSpan.FromSeconds(1), $"loading the cached binary took {second.BuildTime}");
    }
}

using System.CommandLine;
using ActorTrain.Kernels.Devices.Cpu;
using ActorTrain.Kernels.Devices.OpenCl;
using Spectre.Console;

namespace ActorTrain.Host.Commands;

/// <summary><c>actortrain devices</c>: the compute devices this host offers.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List this host's compute devices.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("device", "memory", "compute units", "driver");
            var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            table.AddRow("cpu:0", $"{memory / (1L << 30)} GiB (host)", Environment.ProcessorCount.ToString(),
                Markup.Escape(CpuDevice.OpenBlasAvailable ? CpuDevice.BlasDescription : "managed SIMD GEMM (OpenBLAS not found)"));
            var discovery = OpenClPlatform.Discover();
            foreach (var d in discovery.Devices)
                table.AddRow(d.Name, $"{d.GlobalMemoryBytes / (1L << 20)} MiB", d.ComputeUnits.ToString(),
                    Markup.Escape($"{d.DeviceName} ({d.Platform}, driver {d.DriverVersion}){(d.IsGpu ? "" : ", not a GPU")}"));
            AnsiConsole.Write(table);
            if (discovery.Devices.Count == 0) AnsiConsole.MarkupLine($"OpenCL: {Markup.Escape(discovery.Reason)}; training uses the CPU.");
            return 0;
        });
        return command;
    }
}

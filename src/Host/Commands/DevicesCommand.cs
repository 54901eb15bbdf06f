using System.CommandLine;
using ActorTrain.Kernels.Devices.Cpu;
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
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}

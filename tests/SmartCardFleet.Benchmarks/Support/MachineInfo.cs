using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>What the report must say about the machine: CPU count and model, load average, memory, runtime, date.</summary>
public static class MachineInfo
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    public static void Describe(JsonObject machine, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(machine);
        machine["date"] = started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        machine["cpuCount"] = Environment.ProcessorCount;
        machine["cpuModel"] = CpuModel();
        machine["loadAverageAtStart"] = LoadAverage();
        machine["os"] = RuntimeInformation.OSDescription;
        machine["runtime"] = RuntimeInformation.FrameworkDescription;
        machine["memoryBytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}

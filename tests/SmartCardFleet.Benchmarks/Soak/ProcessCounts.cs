using System.Globalization;
using System.Runtime.Loader;
using SmartCardFleet.Benchmarks.Support;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// What a leak would grow, read from /proc: this process's threads, file descriptors and sockets (every PC/SC
/// context of pcsc-lite is a socket to pcscd, every vpcd card and HTTP connection one more), the managed heap after a
/// full collection and the resident set, pcscd's own descriptors (one per client context it serves), and the
/// assembly load contexts alive (each loaded plugin version has one; a reloaded version's must go once unused).
/// </summary>
internal sealed record ProcessCounts(int Threads, int Descriptors, int Sockets, long ManagedBytes, long ResidentBytes, int PcscdDescriptors,
    int LoadContexts)
{
    public static ProcessCounts Take(int pcscdPid)
    {
        var descriptors = Directory.GetFiles("/proc/self/fd");
        var sockets = descriptors.Count(IsSocket);
        var managed = MemoryProbe.ManagedAfterFullGc();
        return new ProcessCounts(Directory.GetDirectories("/proc/self/task").Length, descriptors.Length, sockets,
            managed, MemoryProbe.ResidentBytes(), CountDescriptors(pcscdPid), AssemblyLoadContext.All.Count());
    }

    /// <summary>Within the plan's slack of <paramref name="start"/> (memory is judged separately).</summary>
    public bool Settled(ProcessCounts start, SoakPlan plan)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(plan);
        return Threads <= start.Threads + plan.ThreadSlack && Descriptors <= start.Descriptors + plan.DescriptorSlack
            && LoadContexts <= start.LoadContexts
            && (PcscdDescriptors < 0 || start.PcscdDescriptors < 0 || PcscdDescriptors <= start.PcscdDescriptors + plan.DescriptorSlack);
    }

    public string Describe() => Invariant(
        $"threads {Threads}, fds {Descriptors} ({Sockets} sockets), pcscd fds {PcscdDescriptors}, load contexts {LoadContexts}, managed {Bytes(ManagedBytes)}, RSS {Bytes(ResidentBytes)}");

    private static bool IsSocket(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false; // closed while we looked
        }
    }

    private static int CountDescriptors(int pid)
    {
        try
        {
            return pid > 0 ? Directory.GetFiles(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/fd")).Length : -1;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}

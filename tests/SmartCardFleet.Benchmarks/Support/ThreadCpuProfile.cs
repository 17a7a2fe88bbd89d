using System.Globalization;
using System.Text.RegularExpressions;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// A coarse profile of where this process spends CPU: user+system time of every thread from /proc/self/task,
/// grouped by thread name with digits removed (".NET TP Worker", "pcsc-monitor-", the dispatchers' threads...).
/// Taken before and after a phase, the difference says which stage burns the cores.
/// </summary>
public sealed partial class ThreadCpuProfile
{
    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpuProfile(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    /// <summary>Snapshot of this process, or of process <paramref name="pid"/>.</summary>
    public static ThreadCpuProfile Take(int? pid = null)
    {
        var threads = new Dictionary<int, (string, long)>();
        var root = $"/proc/{(pid is { } id ? id.ToString(CultureInfo.InvariantCulture) : "self")}/task";
        if (!Directory.Exists(root))
        {
            return new ThreadCpuProfile(threads);
        }

        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[tid] = (name, long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return new ThreadCpuProfile(threads);
    }

    /// <summary>CPU seconds per thread group between <paramref name="before"/> and this snapshot, largest first.</summary>
    public IReadOnlyList<(string Group, int Threads, double CpuSeconds)> Since(ThreadCpuProfile before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return [.. _threads
            .Select(t => (Group: Digits().Replace(t.Value.Name, "#"), Ticks: t.Value.Ticks - (before._threads.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? b.Ticks : 0)))
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, g.Count(), g.Sum(t => t.Ticks) / 100.0))
            .Where(g => g.Item3 > 0)
            .OrderByDescending(g => g.Item3)];
    }

    /// <summary>"group ×threads seconds" for the largest groups, for a report note.</summary>
    public static string Describe(IEnumerable<(string Group, int Threads, double CpuSeconds)> groups, int top = 6) =>
        string.Join(", ", groups.Take(top).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Group} ×{g.Threads} {g.CpuSeconds:0.00} s")));

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}

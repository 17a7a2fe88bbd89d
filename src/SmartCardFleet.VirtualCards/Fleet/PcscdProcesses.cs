using System.Globalization;

namespace SmartCardFleet.VirtualCards.Fleet;

/// <summary>Finds pcscd processes through /proc, so a daemon we did not start is detected and left alone.</summary>
public static class PcscdProcesses
{
    /// <summary>Process ids whose command name is pcscd (zombies excluded: they hold no socket).</summary>
    public static IReadOnlyList<int> FindRunning()
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "pcscd" && !IsZombie(dir))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read: treat as not pcscd rather than fail the scan.
            }
        }

        return found;
    }

    private static bool IsZombie(string procDir) =>
        File.ReadLines(Path.Combine(procDir, "status"))
            .Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Testing;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 5: `fleet run` as its own process (the built executable copied beside this one): start-up time until the
/// API lists every reader with all of them answering, resident memory once settled, and CPU used while idle.
/// </summary>
public sealed class FootprintFigure(BenchOptions options)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The configuration override that points `fleet run` at the shipped plugins built into artifacts/plugins.</summary>
    public static string ShippedPlugins => "--Station:Plugins:Directory=" + RepositoryPaths.ShippedPlugins;

    public static string Executable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "fleet.exe" : "fleet");

    /// <summary>Runs one `fleet run` with <paramref name="arguments"/> and adds its row; <paramref name="readers"/> is
    /// the number of readers the API must list before the station counts as started.</summary>
    public async Task RunAsync(ReportSection section, string label, int readers, params string[] arguments)
    {
        var port = FreePorts.Next();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["run", "--urls", $"http://127.0.0.1:{port}", .. arguments,
                     "--Logging:LogLevel:Default=Warning", "--Station:Simulation:ChurnInterval=00:00:00"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("FLEET_URL");
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var started = await WaitForReadersAsync(http, process, readers, start);
            await Task.Delay(options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));
            var rss = MemoryProbe.ResidentBytes(process.Id);
            var cpuBefore = MemoryProbe.CpuSeconds(process.Id);
            var threadsBefore = ThreadCpuProfile.Take(process.Id);
            await Task.Delay(options.IdleWindow);
            var cpuAfter = MemoryProbe.CpuSeconds(process.Id);
            var byThread = ThreadCpuProfile.Take(process.Id).Since(threadsBefore);
            var idleCpuPercent = (cpuAfter - cpuBefore) / options.IdleWindow.TotalSeconds * 100;
            section.Row(label, Invariant($"{started.TotalSeconds:0.00} s"), Bytes(rss),
                Invariant($"{idleCpuPercent:0.0} % of one core over {options.IdleWindow.TotalSeconds:0} s"),
                "near-zero idle CPU", Met(idleCpuPercent < 1.0));
            section.Notes.Add(Invariant($"{label}: idle CPU by thread over {options.IdleWindow.TotalSeconds:0} s: ") +
                (byThread.Count == 0 ? "none measurable (0.01 s resolution)" : ThreadCpuProfile.Describe(byThread)));
            section.Raw[label] = new JsonObject
            {
                ["arguments"] = string.Join(' ', arguments),
                ["startSeconds"] = started.TotalSeconds,
                ["residentBytes"] = rss,
                ["idleCpuPercentOfOneCore"] = idleCpuPercent,
                ["idleWindowSeconds"] = options.IdleWindow.TotalSeconds,
                ["idleCpuByThreadGroup"] = new JsonArray([.. byThread.Select(g => (JsonNode)new JsonObject { ["threads"] = g.Group, ["count"] = g.Threads, ["cpuSeconds"] = g.CpuSeconds })]),
            };
        }
        finally
        {
            Stop(process);
        }
    }

    /// <summary>Idle CPU of this executable's `idle-probe` (no HTTP, no PC/SC): the floor under the host's idle CPU.</summary>
    public async Task MeasureIdleProbeAsync(ReportSection section, string label, params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["idle-probe", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the idle probe");
        try
        {
            using var ready = new CancellationTokenSource(StartTimeout);
            if (await process.StandardOutput.ReadLineAsync(ready.Token) != "idle-probe: ready")
            {
                throw new InvalidOperationException("the idle probe did not start");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = MemoryProbe.CpuSeconds(process.Id);
            var threadsBefore = ThreadCpuProfile.Take(process.Id);
            await Task.Delay(options.IdleWindow);
            var percent = (MemoryProbe.CpuSeconds(process.Id) - before) / options.IdleWindow.TotalSeconds * 100;
            var byThread = ThreadCpuProfile.Take(process.Id).Since(threadsBefore);
            section.Row(label, "–", Bytes(MemoryProbe.ResidentBytes(process.Id)),
                Invariant($"{percent:0.0} % of one core over {options.IdleWindow.TotalSeconds:0} s"), "diagnostic", "–");
            section.Notes.Add(Invariant($"{label}: idle CPU by thread: ") +
                (byThread.Count == 0 ? "none measurable (0.01 s resolution)" : ThreadCpuProfile.Describe(byThread)));
            section.Raw[label] = new JsonObject { ["idleCpuPercentOfOneCore"] = percent, ["arguments"] = string.Join(' ', arguments) };
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static async Task<TimeSpan> WaitForReadersAsync(HttpClient http, Process process, int readers, long start)
    {
        while (Stopwatch.GetElapsedTime(start) < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"fleet run exited with {process.ExitCode} before it was ready");
            }

            try
            {
                var list = JsonNode.Parse(await http.GetStringAsync("/api/readers"));
                if (list?["readers"]?.AsArray().Count >= readers && list["unavailable"]?.AsArray().Count == 0
                    && (await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(start);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first answer while starting.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"fleet run did not list {readers} readers within {StartTimeout}");
    }

    /// <summary>SIGTERM (the clean stop the host handles), then a kill by id if it does not end.</summary>
    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            term.WaitForExit();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}

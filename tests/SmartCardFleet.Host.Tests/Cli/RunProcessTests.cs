using System.Diagnostics;
using System.Text.RegularExpressions;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet run --simulate` as a real process: serves, and stops cleanly with exit code 0 on SIGTERM.</summary>
public sealed partial class RunProcessTests
{
    [Fact]
    public async Task Fleet_run_simulate_serves_readers_and_exits_0_on_SIGTERM()
    {
        using var process = FleetProcess.Start("run", "--simulate", "3", "--urls", "http://127.0.0.1:0",
            "--Station:Simulation:ChurnInterval=00:00:00", "--Logging:LogLevel:Default=Information");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (StartedLine().Match(e.Data) is { Success: true } match)
            {
                started.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await Eventually.TrueAsync(async () => (await http.GetStringAsync("/api/readers")).Contains("simulated-reader-02", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), "the simulated readers to be listed");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains(output, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"Station started .* on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex StartedLine();
}

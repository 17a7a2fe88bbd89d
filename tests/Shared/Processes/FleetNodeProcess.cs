using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SmartCardFleet.Testing;

/// <summary>
/// One node of a fleet as its own `fleet run` process (the executable built beside the test or bench binary) on
/// loopback: a free HTTP port and a free cluster port chosen once, kept across restarts so a restarted node comes back
/// where the fleet knows it. Kill sends SIGKILL (no leave, no goodbye: the fleet has to notice), Terminate SIGTERM (the
/// graceful stop). The last lines of every incarnation's output are kept for failure messages. Linked into the
/// integration tests and the benchmarks, so it throws plain exceptions instead of asserting.
/// </summary>
internal sealed class FleetNodeProcess : IAsyncDisposable
{
    private const int KeptLines = 3_000;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyList<string> _arguments;
    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _process;
    private int _incarnation;

    private FleetNodeProcess(string name, IReadOnlyList<string> arguments, int clusterPort)
    {
        Name = name;
        ClusterPort = clusterPort;
        HttpPort = FreePorts.Next();
        _arguments = arguments;
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public int HttpPort { get; }

    public int ClusterPort { get; }

    /// <summary>"127.0.0.1:port" of this node's remoting, the form Cluster:Seeds takes.</summary>
    public string SeedAddress => $"127.0.0.1:{ClusterPort.ToString(CultureInfo.InvariantCulture)}";

    public Uri Address => new($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}");

    public HttpClient Http { get; }

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>CPU time (user + system) the running process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>A station on the simulated PC/SC with <paramref name="readers"/> readers. <paramref name="seed"/> null =
    /// this node is the fleet's first seed (it joins itself).</summary>
    public static FleetNodeProcess Station(string name, int readers, FleetNodeProcess? seed, params string[] extra) =>
        Create(name, seed, ["--simulate", readers.ToString(CultureInfo.InvariantCulture), .. extra]);

    /// <summary>A station on the machine's PC/SC service (the real fleet).</summary>
    public static FleetNodeProcess PcscStation(string name, FleetNodeProcess? seed, params string[] extra) =>
        Create(name, seed, ["--Station:Simulate=false", .. extra]);

    /// <summary>A station on the machine's PC/SC service on its own (no cluster): a kiosk. Its arguments, and so its
    /// database, stay the same across restarts.</summary>
    public static FleetNodeProcess StandalonePcscStation(string name, params string[] extra) =>
        new(name, [$"--Station:Name={name}", "--Station:Simulate=false", .. extra], clusterPort: 0);

    /// <summary>A console: API and dashboard, no PC/SC, no readers. <paramref name="seed"/> null = the first seed.</summary>
    public static FleetNodeProcess Console(string name, FleetNodeProcess? seed, params string[] extra) =>
        Create(name, seed, ["--Cluster:Roles:0=console", .. extra]);

    /// <summary>Starts (or restarts, on the same ports) the process.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {_process!.Id})");
        }

        _process?.Dispose();
        var incarnation = ++_incarnation;
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        foreach (var argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The developer's own FLEET_ settings (URL, token, a Station:Name) must not reach the node under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FLEET_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.OutputDataReceived += (_, e) => Keep(incarnation, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(incarnation, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>kill -9: the process ends without leaving the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await WaitForExitAsync(process);
        }
    }

    /// <summary>SIGTERM, the graceful stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started");
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await WaitForExitAsync(process);
        }

        return process.ExitCode;
    }

    /// <summary>Throws with the recent output when the process has ended (a node that died cannot answer).</summary>
    public void ThrowIfExited()
    {
        if (_process is { HasExited: true } process)
        {
            throw new InvalidOperationException($"{Name} exited with code {process.ExitCode}:\n{RecentOutput(60)}");
        }
    }

    /// <summary>The last <paramref name="count"/> lines of output, each prefixed with the node's name and incarnation.</summary>
    public string RecentOutput(int count = KeptLines) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
    }


    private static string Executable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "fleet.exe" : "fleet");

    private static FleetNodeProcess Create(string name, FleetNodeProcess? seed, IEnumerable<string> arguments)
    {
        var clusterPort = FreePorts.Next();
        // Each node its own database, kept across its restarts (a restarted node finds its jobs and events again).
        var dataDirectory = Directory.CreateTempSubdirectory($"fleet-{name}-data-").FullName;
        var seedAddress = seed?.SeedAddress ?? $"127.0.0.1:{clusterPort.ToString(CultureInfo.InvariantCulture)}";
        return new FleetNodeProcess(name,
        [
            $"--Station:Name={name}", "--Cluster:Enabled=true", "--Cluster:Hostname=127.0.0.1",
            $"--Cluster:Port={clusterPort.ToString(CultureInfo.InvariantCulture)}", $"--Cluster:Seeds:0={seedAddress}",
            $"--Storage:DataDirectory={dataDirectory}", .. arguments,
        ], clusterPort);
    }

    private static async Task WaitForExitAsync(Process process)
    {
        using var deadline = new CancellationTokenSource(ExitWait);
        await process.WaitForExitAsync(deadline.Token);
    }

    private void Keep(int incarnation, string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue($"[{Name}#{incarnation.ToString(CultureInfo.InvariantCulture)}] {line}");
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
    }
}

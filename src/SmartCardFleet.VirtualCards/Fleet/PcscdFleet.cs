using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Fleet;

/// <summary>
/// A real pcscd serving the 16 vpcd readers of <see cref="VpcdFleetLayout"/>, for integration tests. It writes the
/// reader configuration and the 8 driver copies into a temporary folder, starts <c>pcscd -f -c &lt;folder&gt;</c>,
/// waits until every reader is listed through <see cref="IPcscApi"/>, and at dispose stops exactly the process it
/// started (by id) and deletes the folder. Only one pcscd can run (its socket is fixed at /run/pcscd/pcscd.comm), so
/// it refuses to start next to a pcscd it does not own. vpcd listens on all interfaces: fine for tests only.
/// </summary>
public sealed class PcscdFleet : IDisposable
{
    private const int LogLines = 400;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly PcscdFleetOptions _options;
    private readonly IPcscApi _api;
    private readonly DirectoryInfo _workDirectory;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private bool _disposed;

    private PcscdFleet(PcscdFleetOptions options, IPcscApi api)
    {
        _options = options;
        _api = api;
        _workDirectory = Directory.CreateTempSubdirectory("smartcardfleet-pcscd-");
        ConfigDirectory = Path.Combine(_workDirectory.FullName, "reader.conf.d");
        WriteConfiguration();
    }

    public VpcdFleetLayout Layout => _options.Layout;

    /// <summary>The folder passed to pcscd -c.</summary>
    public string ConfigDirectory { get; }

    /// <summary>Id of the running pcscd we started; 0 when none runs.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    public bool IsRunning => ProcessId != 0;

    /// <summary>The readers listed when the daemon last became ready.</summary>
    public IReadOnlyList<string> Readers { get; private set; } = [];

    /// <summary>The last lines pcscd wrote (for failure messages).</summary>
    public IReadOnlyList<string> RecentLog => [.. _log];

    /// <summary>Why the fleet cannot run on this machine, or null when it can.</summary>
    public static string? CheckPrerequisites(PcscdFleetOptions? options = null)
    {
        options ??= new PcscdFleetOptions();
        if (!OperatingSystem.IsLinux())
        {
            return "the real test fleet needs Linux (pcscd + vsmartcard-vpcd).";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "pcscd must run as root (its socket is /run/pcscd/pcscd.comm); run the integration tests as root.";
        }

        if (!File.Exists(options.PcscdPath))
        {
            return $"pcscd is not installed at {options.PcscdPath}: apt-get install -y pcscd.";
        }

        if (!File.Exists(options.VpcdDriverPath))
        {
            return $"the vpcd driver is not installed at {options.VpcdDriverPath}: apt-get install -y vsmartcard-vpcd.";
        }

        var foreign = PcscdProcesses.FindRunning();
        return foreign.Count > 0
            ? $"a pcscd this test run did not start is already running (pid {string.Join(", ", foreign)}); " +
              "stop it first: only one pcscd can own /run/pcscd/pcscd.comm, and we never kill a daemon we do not own."
            : null;
    }

    /// <summary>Starts pcscd and waits for all readers. Throws <see cref="InvalidOperationException"/> with the reason
    /// when the prerequisites are not met or the daemon does not come up in time.</summary>
    public static PcscdFleet Start(PcscdFleetOptions? options = null, IPcscApi? api = null)
    {
        options ??= new PcscdFleetOptions();
        var reason = CheckPrerequisites(options);
        if (reason is not null)
        {
            throw new InvalidOperationException($"Cannot start the real PC/SC fleet: {reason}");
        }

        var fleet = new PcscdFleet(options, api ?? PcscApi.CreateNative());
        try
        {
            fleet.StartDaemon();
            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL, as a crash would: clients keep their contexts and see NO_SERVICE. Waits for the exit so
    /// the process is reaped (pcscd refuses to start while the pid in its pid file still exists, even as a zombie).</summary>
    public void Kill()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill();
        process.WaitForExit(StopTimeout);
        _process = null;
        process.Dispose();
    }

    /// <summary>Stops the daemon if it runs (gracefully), starts it again and waits for all readers.</summary>
    public void Restart()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StopDaemon();
        var reason = CheckPrerequisites(_options);
        if (reason is not null)
        {
            throw new InvalidOperationException($"Cannot restart the real PC/SC fleet: {reason}");
        }

        StartDaemon();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopDaemon();
        try
        {
            _workDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the test run for it is not.
        }
    }

    private void WriteConfiguration()
    {
        Directory.CreateDirectory(ConfigDirectory);
        var driverDirectory = _workDirectory.FullName;
        for (var entry = 0; entry < Layout.EntryCount; entry++)
        {
            File.Copy(_options.VpcdDriverPath, Path.Combine(driverDirectory, VpcdFleetLayout.DriverFileName(entry)));
            File.WriteAllText(Path.Combine(ConfigDirectory, VpcdFleetLayout.ConfigFileName(entry)),
                Layout.ConfigEntry(entry, driverDirectory));
        }
    }

    private void StartDaemon()
    {
        var start = new ProcessStartInfo(_options.PcscdPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigDirectory);
        if (_options.LogApdus)
        {
            start.ArgumentList.Add("-a");
        }

        if (_options.Debug)
        {
            start.ArgumentList.Add("-d");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_options.PcscdPath}.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Readers = WaitForReaders(process);
    }

    private List<string> WaitForReaders(Process process)
    {
        var expected = Layout.Readers.Select(r => r.ReaderName).ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < _options.ReaderWaitTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"pcscd exited with code {process.ExitCode} before its readers appeared. Log:\n{string.Join('\n', RecentLog)}");
            }

            var rc = _api.EstablishContext(PcscScope.System, out var context);
            if (rc == PcscError.Success)
            {
                try
                {
                    rc = _api.ListReaders(context, null, out var readers);
                    if (rc == PcscError.Success && expected.IsSubsetOf(readers))
                    {
                        return [.. readers];
                    }

                    last = rc == PcscError.Success
                        ? string.Create(CultureInfo.InvariantCulture, $"{readers.Count} of {expected.Count} readers listed")
                        : rc.Describe();
                }
                finally
                {
                    _api.ReleaseContext(context);
                }
            }
            else
            {
                last = rc.Describe();
            }

            Thread.Sleep(PollInterval);
        }

        throw new InvalidOperationException(
            $"pcscd (pid {process.Id}) did not list all {expected.Count} readers within {_options.ReaderWaitTimeout}: {last}. " +
            $"Log:\n{string.Join('\n', RecentLog)}");
    }

    private void StopDaemon()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                SendTerminate(process.Id);
                if (!process.WaitForExit(StopTimeout))
                {
                    process.Kill();
                    process.WaitForExit(StopTimeout);
                }
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>SIGTERM lets pcscd remove its socket and pid file; .NET only offers SIGKILL, so use kill(1) by id.</summary>
    private static void SendTerminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
        });
        kill?.WaitForExit(StopTimeout);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > LogLines && _log.TryDequeue(out _))
        {
        }
    }
}

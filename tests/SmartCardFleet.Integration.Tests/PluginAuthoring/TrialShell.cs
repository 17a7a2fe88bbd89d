using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// The trial's bash, in a session of its own (setsid) so that what the page starts in the background (the station,
/// the scripted card) can be stopped with the whole process group at the end, whatever the page did. The test
/// releases one step at a time and waits for the script to reach the next one.
/// </summary>
internal sealed class TrialShell : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _syncFolder;
    private readonly Channel<string> _markers = Channel.CreateUnbounded<string>();
    private readonly HashSet<int> _ran = [];

    private TrialShell(Process process, string syncFolder)
    {
        _process = process;
        _syncFolder = syncFolder;
    }

    /// <summary>Every line the script and what it started printed, in order.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>The numbers of the commands that have started (see <see cref="TrialScript"/>).</summary>
    public IReadOnlyCollection<int> CommandsRun
    {
        get
        {
            lock (_ran)
            {
                return [.. _ran];
            }
        }
    }

    /// <param name="controlFolder">Holds the script and the sync files, beside (not inside) the working folder.</param>
    public static TrialShell Start(IReadOnlyList<DocBlock> steps, string workingDirectory, string controlFolder,
        IReadOnlyDictionary<string, string> environment)
    {
        var syncFolder = Path.Combine(controlFolder, "sync");
        Directory.CreateDirectory(syncFolder);
        var scriptPath = Path.Combine(controlFolder, "trial.sh");
        File.WriteAllText(scriptPath, TrialScript.Build(steps, syncFolder));
        var info = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(scriptPath);
        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        process.StandardInput.Close();   // nothing in the page reads a terminal
        var shell = new TrialShell(process, syncFolder);
        process.OutputDataReceived += (_, e) => shell.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => shell.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return shell;
    }

    /// <summary>Waits until the script stands before step <paramref name="name"/> (or fails with its end).</summary>
    public async Task WaitReadyAsync(string name, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            while (true)
            {
                var marker = await _markers.Reader.ReadAsync(timeout.Token);
                if (marker == TrialScript.ReadyMarker + name)
                {
                    return;
                }

                if (marker.StartsWith(TrialScript.ExitMarker, StringComparison.Ordinal))
                {
                    Assert.Fail($"the page's commands stopped before step '{name}' ({marker}); last lines:\n{Tail()}");
                }

                Assert.Fail($"expected to stand before step '{name}', the script said '{marker}'; last lines:\n{Tail()}");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"the page did not reach step '{name}' within {deadline.TotalSeconds} s (the step before it is still running); last lines:\n{Tail()}");
        }
    }

    public void Release(string name) => File.WriteAllText(Path.Combine(_syncFolder, name), "");

    public string Tail(int lines = 60) => string.Join('\n', Output.TakeLast(lines));

    /// <summary>Stops everything the page started (the process group), first politely, then for good.</summary>
    public async ValueTask DisposeAsync()
    {
        var group = "-" + _process.Id.ToString(CultureInfo.InvariantCulture);
        await SignalAsync("-TERM", group);
        var clock = Stopwatch.StartNew();
        while (await SignalAsync("-0", group) && clock.Elapsed < StopGrace)
        {
            await Task.Delay(100);
        }

        await SignalAsync("-KILL", group);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<bool> SignalAsync(string signal, string group)
    {
        var info = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { signal, "--", group })
        {
            info.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(info)!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(TrialScript.RunMarker, StringComparison.Ordinal))
        {
            lock (_ran)
            {
                _ran.Add(int.Parse(line[TrialScript.RunMarker.Length..], CultureInfo.InvariantCulture));
            }
        }
        else if (line.StartsWith(TrialScript.ReadyMarker, StringComparison.Ordinal) || line.StartsWith(TrialScript.ExitMarker, StringComparison.Ordinal))
        {
            _markers.Writer.TryWrite(line);
        }

        Output.Enqueue(line);
    }
}

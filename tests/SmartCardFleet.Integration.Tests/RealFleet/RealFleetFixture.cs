using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Fleet;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SmartCardFleet.Integration.Tests.RealFleet;

/// <summary>
/// Starts one real pcscd with the 16 vpcd readers for the whole test run and counts the tests that used it. When
/// the fleet cannot start, every test in the collection fails with the reason (never skipped): on CI (CI=true) that
/// is a broken build agent, locally it tells the developer what is missing.
/// </summary>
public sealed class RealFleetFixture : IDisposable
{
    private readonly IMessageSink _sink;
    private readonly string? _unavailableReason;
    private int _testsAgainstRealDaemon;

    public RealFleetFixture(IMessageSink sink)
    {
        _sink = sink;
        Api = PcscApi.CreateNative();
        try
        {
            Fleet = PcscdFleet.Start(new PcscdFleetOptions { Debug = DaemonLogRequested, LogApdus = DaemonLogRequested }, Api);
            Report($"real fleet: pcscd pid {Fleet.ProcessId}, {Fleet.Readers.Count} readers");
        }
        catch (InvalidOperationException ex)
        {
            _unavailableReason = ex.Message;
            Report($"real fleet: NOT AVAILABLE: {ex.Message}");
        }
    }

    public IPcscApi Api { get; }

    /// <summary>SCF_PCSCD_LOG=1 runs pcscd with -d -a and prints its last log lines at the end of the run.</summary>
    private static bool DaemonLogRequested => Environment.GetEnvironmentVariable("SCF_PCSCD_LOG") == "1";

    public VpcdFleetLayout Layout => Fleet?.Layout ?? new VpcdFleetLayout();

    private PcscdFleet? Fleet { get; }

    /// <summary>Call first in every test: fails it with the reason when there is no fleet, and counts it.</summary>
    public PcscdFleet Require()
    {
        if (Fleet is null)
        {
            var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            Assert.Fail(onCi
                ? $"CI=true and the real PC/SC fleet did not start, so the integration suite cannot pass: {_unavailableReason}"
                : $"The real PC/SC fleet is not available on this machine, so this test cannot run: {_unavailableReason} " +
                  "(needs Linux, root, pcscd and vsmartcard-vpcd; see docs/test-fleet.md, 'Requirements').");
        }

        if (!Fleet.IsRunning)
        {
            // A previous test killed the daemon and failed before restarting it: heal for the next one.
            Fleet.Restart();
        }

        Interlocked.Increment(ref _testsAgainstRealDaemon);
        return Fleet;
    }

    public void Dispose()
    {
        var pid = Fleet?.ProcessId ?? 0;
        if (DaemonLogRequested && Fleet is not null)
        {
            Console.Error.WriteLine(string.Join('\n', Fleet.RecentLog));
        }

        Fleet?.Dispose();
        Report(Fleet is null
            ? "real fleet: 0 tests ran against the real daemon (it was not available)"
            : $"real fleet: {_testsAgainstRealDaemon} tests ran against the real daemon (pcscd pid {pid}, stopped)");
    }

    /// <summary>Writes a line to the console and the xUnit diagnostic output.</summary>
    public void Report(string line)
    {
        Console.Error.WriteLine(line);
        _sink.OnMessage(new DiagnosticMessage(line));
    }
}

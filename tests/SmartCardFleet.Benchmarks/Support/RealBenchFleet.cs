using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Fleet;
using SmartCardFleet.VirtualCards.Vpcd;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>The real fleet: a pcscd we start (and stop, by its id) with the 16 vpcd readers; cards connect to their
/// slot over the loopback through <see cref="VpcdCardClient"/>.</summary>
public sealed class RealBenchFleet : IBenchFleet
{
    private readonly PcscdFleet _fleet;
    private readonly VpcdCardClient?[] _clients;

    private RealBenchFleet(PcscdFleet fleet, IPcscApi api)
    {
        _fleet = fleet;
        Api = api;
        _clients = new VpcdCardClient?[fleet.Layout.Readers.Count];
    }

    public string Kind => "real";

    public string Description => $"pcscd (pid {_fleet.ProcessId}) with {ReaderNames.Count} vpcd readers";

    public bool IsReal => true;

    public IPcscApi Api { get; }

    public IReadOnlyList<string> ReaderNames => [.. _fleet.Layout.Readers.Select(r => r.ReaderName)];

    public int? ServiceProcessId => _fleet.ProcessId;

    /// <summary>Why the real fleet cannot run now (pcscd of someone else, not root, packages missing), or null.</summary>
    public static string? WhyUnavailable() => PcscdFleet.CheckPrerequisites();

    public static RealBenchFleet Start()
    {
        var api = PcscApi.CreateNative();
        return new RealBenchFleet(PcscdFleet.Start(new PcscdFleetOptions(), api), api);
    }

    /// <summary>The running pcscd's id (0 while it is down).</summary>
    public int DaemonProcessId => _fleet.ProcessId;

    public Task InsertAsync(int reader, IVirtualCard card) => InsertAsync(reader, card, keepInserted: false);

    /// <summary><paramref name="keepInserted"/>: the card reconnects when pcscd comes back after a kill, as a card
    /// left in a physical reader would be there again.</summary>
    public async Task InsertAsync(int reader, IVirtualCard card, bool keepInserted)
    {
        var client = new VpcdCardClient(card, new VpcdCardClientOptions { Port = _fleet.Layout.Reader(reader).Port, KeepInserted = keepInserted });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.InsertAsync(timeout.Token);
        _clients[reader] = client;
    }

    /// <summary>Whether the card put into <paramref name="reader"/> is still in it (a removal fault takes it out).</summary>
    public bool IsInserted(int reader) => _clients[reader]?.IsInserted == true;

    /// <summary>SIGKILL of pcscd, as a crash would (the launcher reaps it).</summary>
    public void KillDaemon() => _fleet.Kill();

    /// <summary>Starts pcscd again and waits until it lists every reader.</summary>
    public void RestartDaemon() => _fleet.Restart();

    public async Task RemoveAsync(int reader)
    {
        if (_clients[reader] is { } client)
        {
            _clients[reader] = null;
            await client.DisposeAsync();
            // Wait until pcscd has seen the card go: a new card inserted before its next poll looks like the old one
            // still present, and the poll that follows takes it away under the next figure's feet (NoSmartcard,
            // NotTransacted in figure 2 after figure 1 used the same reader).
            var name = ReaderNames[reader];
            await Dedicated.Run("bench-remove", () =>
            {
                BenchCards.WaitForPresence(Api, name, present: false, TimeSpan.FromSeconds(10));
                return true;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            await RemoveAsync(i);
        }

        _fleet.Dispose();
    }
}

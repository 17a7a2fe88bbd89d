using System.Collections.Concurrent;
using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Host.Simulation;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// The chaos of the soak, one action at a time from the seed: cards inserted and pulled, cards yanked in the middle
/// of a command (the card's connection closes without an answer to the next APDU any client sends it), resets by
/// another PC/SC client, plugin folders re-installed (hot reload), and pcscd killed with SIGKILL and restarted at
/// scheduled moments. After each restart it measures how long the station takes to be ready and to have every card
/// attached and identified again. Ends with pcscd running and no yank left armed.
/// </summary>
internal sealed class SoakStorm(SoakPlan plan, RealBenchFleet fleet, SoakSlots slots, PluginFolders plugins, StationProbe station, SoakTally tally)
{
    private static readonly TimeSpan ResetWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutageGrace = TimeSpan.FromSeconds(1);
    private readonly Random _random = new(plan.Seed);
    private readonly bool[] _yankArmed = new bool[slots.Count];
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private int _serial = 1000;

    /// <summary>pcscd restarted → /readyz 200.</summary>
    public Latencies StationRecoveries { get; } = new();

    /// <summary>pcscd restarted → every present card attached and identified again.</summary>
    public Latencies CardRecoveries { get; } = new();

    public IReadOnlyList<KeyValuePair<string, long>> Counts => [.. _counts.OrderBy(c => c.Key, StringComparer.Ordinal)];

    public long this[string action] => _counts.GetValueOrDefault(action);

    public async Task RunAsync()
    {
        var kills = Schedule(plan.PcscdKills);
        var reloads = Schedule(plan.PluginReloads);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < plan.Duration)
        {
            NoteFiredYanks();
            if (kills.TryPeek(out var kill) && clock.Elapsed >= kill)
            {
                kills.Dequeue();
                await KillAndRestartAsync();
            }
            else if (reloads.TryPeek(out var reload) && clock.Elapsed >= reload)
            {
                reloads.Dequeue();
                Reload();
            }
            else
            {
                await CardActionAsync();
            }

            await Task.Delay(_random.Next(100, 400));
        }

        NoteFiredYanks();
        await ClearUnfiredYanksAsync();
    }

    /// <summary>Seeded moments spread over the run: the i-th of n lies in the i-th n-th of it.</summary>
    private Queue<TimeSpan> Schedule(int count) => new(Enumerable.Range(0, count)
        .Select(i => plan.Duration * ((i + 0.2 + (0.6 * _random.NextDouble())) / count)));

    private async Task CardActionAsync()
    {
        var present = slots.Present.Where(r => !_yankArmed[r]).ToList();
        var empty = slots.Refillable(plan.RefillDelay).ToList();
        var roll = _random.Next(100);
        try
        {
            if ((roll < 45 || present.Count == 0) && empty.Count > 0)
            {
                var reader = empty[_random.Next(empty.Count)];
                await slots.InsertAsync(reader, VirtualCardCatalog.Types[_random.Next(VirtualCardCatalog.Types.Count)], _serial++);
                Count("card inserted");
            }
            else if (present.Count == 0)
            {
                Count("nothing to do (all readers empty and just emptied)");
            }
            else if (roll < 57)
            {
                await slots.RemoveAsync(present[_random.Next(present.Count)]);
                Count("card removed");
            }
            else if (roll < 75)
            {
                var reader = present[_random.Next(present.Count)];
                slots.Card(reader)?.Faults.RemoveDuringNextCommand();
                _yankArmed[reader] = true;
                Count("yank armed (card leaves during its next command)");
            }
            else
            {
                await ResetByOtherClientAsync(present[_random.Next(present.Count)]);
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            // The fleet's hands failed (e.g. pcscd did not show a pulled card gone in time): not the station's fault,
            // but reported, since it makes the run's figures less trustworthy.
            Count($"fleet action failed: {e.GetType().Name}");
            Console.Error.WriteLine($"soak: fleet action failed: {e.Message}");
        }
    }

    private async Task ResetByOtherClientAsync(int reader)
    {
        var viaReconnect = _random.Next(2) == 0;
        var name = slots.ReaderNames[reader];
        var reset = Dedicated.Run("soak-second-context", () => SecondContextReset.Run(fleet.Api, name, viaReconnect));
        try
        {
            Count("reset by another client: " + await reset.WaitAsync(ResetWait));
        }
        catch (TimeoutException)
        {
            // pcsc-lite retries SCardReconnect while another client holds a transaction; the station's leases are
            // shorter than this, so a wait this long would itself be worth a look. The thread ends with pcscd's next kill.
            Count(Invariant($"reset by another client: no answer within {ResetWait.TotalSeconds:0} s"));
        }
    }

    private void Reload()
    {
        var name = plugins.Names[_random.Next(plugins.Names.Count)];
        plugins.Reinstall(name);
        Count("plugin folder re-installed");
    }

    private async Task KillAndRestartAsync()
    {
        tally.OutageBegins();
        fleet.KillDaemon();
        Count("pcscd kill -9");
        await Task.Delay(_random.Next(300, 1500));
        await RestartDaemonAsync();
        var restarted = Stopwatch.GetTimestamp();
        var ready = await station.WaitReadyAsync(plan.RecoveryLimit);
        tally.OutageEnds((ready ?? Stopwatch.GetTimestamp()) + (long)(OutageGrace.TotalSeconds * Stopwatch.Frequency));
        if (ready is null)
        {
            tally.Violate(Invariant($"station not ready within {plan.RecoveryLimit.TotalSeconds:0} s after pcscd restarted"),
                Invariant($"t={tally.At(restarted):0.0}s"));
            return;
        }

        StationRecoveries.AddTicks(ready.Value - restarted);
        NoteFiredYanks();
        var present = slots.Present.Where(r => !_yankArmed[r]).ToHashSet();
        var settled = await station.WaitSettledAsync(slots.ReaderIds, present, restarted, plan.RecoveryLimit);
        var stuck = present.Where(r => settled[r].After is null).ToList();
        if (stuck.Count > 0)
        {
            tally.Violate(Invariant($"reader stuck: card not attached and identified within {plan.RecoveryLimit.TotalSeconds:0} s after pcscd restarted"),
                Invariant($"t={tally.At(restarted):0.0}s ") + string.Join(", ", stuck.Select(r => $"{slots.ReaderNames[r]} ({settled[r].State})")));
        }
        else if (present.Count > 0)
        {
            CardRecoveries.Add(present.Max(r => settled[r].After!.Value.TotalMicroseconds));
        }
    }

    /// <summary>Starts pcscd again; a start that does not list every reader (e.g. a vpcd port still held by another
    /// socket: "Address already in use" in its log) is a broken fleet, reported, and tried again.</summary>
    private async Task RestartDaemonAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Dedicated.Run("soak-pcscd-restart", () =>
                {
                    fleet.RestartDaemon();
                    return true;
                });
                return;
            }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                tally.Violate("pcscd did not come back with every reader after a restart (the test fleet, not the station)",
                    Invariant($"t={tally.At(Stopwatch.GetTimestamp()):0.0}s attempt {attempt}: ") + e.Message.Split('\n')[0]);
            }
        }
    }

    /// <summary>A yanked card has left: count it, and note when its reader emptied so it is not refilled too early.</summary>
    private void NoteFiredYanks()
    {
        for (var reader = 0; reader < _yankArmed.Length; reader++)
        {
            if (_yankArmed[reader] && !slots.IsPresent(reader))
            {
                _yankArmed[reader] = false;
                slots.MarkEmptied(reader);
                Count("yank happened mid-command");
            }
        }
    }

    /// <summary>Yanks still waiting for a command at the end are called off: the end checks need a settled fleet.
    /// One that fired just now may need a moment until its card's connection is closed.</summary>
    private async Task ClearUnfiredYanksAsync()
    {
        for (var reader = 0; reader < _yankArmed.Length; reader++)
        {
            if (_yankArmed[reader] && slots.Card(reader) is { Faults.IsRemovalArmed: true } card)
            {
                card.Faults.Clear();
                _yankArmed[reader] = false;
                Count("yank called off at the end (no command came)");
            }
        }

        var clock = Stopwatch.StartNew();
        while (_yankArmed.Any(armed => armed) && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            NoteFiredYanks();
            await Task.Delay(20);
        }

        Array.Clear(_yankArmed);
    }

    private void Count(string action) => _counts.AddOrUpdate(action, 1, (_, n) => n + 1);
}

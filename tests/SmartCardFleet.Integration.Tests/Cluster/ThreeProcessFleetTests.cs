using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Integration.Tests.RealFleet;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>
/// Issue 13 with real processes on loopback: two `fleet run` stations on the simulated PC/SC and a console joined into
/// one fleet. Everything is asked of the console (which has no readers of its own): the members, every reader with
/// its fleet-wide id, commands that run on the owning station, both stations' events; then one station is killed
/// with -9 (unreachable at once, 503 without waiting, removed by the split brain resolver), restarted on the same
/// ports (rejoins, no duplicate readers), and the console restarted (sees the whole fleet again).
/// In the real fleet's collection although it uses no reader of it: its five processes share the machine's cores, so it
/// runs alone rather than beside the real-fleet tests (whose thread counts and timings it would disturb).
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class ThreeProcessFleetTests(ITestOutputHelper output)
{
    private const string Alpha = "alpha";
    private const string Bravo = "bravo";
    private const string Ops = "ops-console";
    private const int ReadersPerStation = 8;
    private const string UidPlugin = "org.smartcardfleet.uid";
    private const string GetUid = "FFCA000000";

    /// <summary>The console's operation timeout, near the longest the station accepts: a 503 well before it is the
    /// fleet knowing the station is gone, not a request that waited its time out.</summary>
    private static readonly TimeSpan ConsoleOperationTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Two_stations_and_a_console_are_one_fleet_through_a_kill_9_a_station_restart_and_a_console_restart()
    {
        await using var fleet = new ProcessFleet(output);
        var alpha = fleet.Add(FleetNodeProcess.Station(Alpha, ReadersPerStation, seed: null, StationArguments(simulationSeed: 1)));
        var bravo = fleet.Add(FleetNodeProcess.Station(Bravo, ReadersPerStation, alpha, StationArguments(simulationSeed: 2)));
        var console = fleet.Add(FleetNodeProcess.Console(Ops, alpha, ConsoleArguments()));
        alpha.Start();
        bravo.Start();
        console.Start();

        var stations = await fleet.UntilAllUpAsync(console, ProcessFleet.StartDeadline, Alpha, Bravo, Ops);
        Assert.Equal(["station"], Roles(stations[Alpha]));
        Assert.Equal(["console"], Roles(stations[Ops]));
        Assert.True((bool)stations[Ops]["self"]!, "the console marks itself as self");
        await UntilListsEveryReaderAsync(fleet, console, ProcessFleet.StartDeadline);

        var alphaCard = await UidReaderAsync(fleet, alpha);
        var bravoCard = await UidReaderAsync(fleet, bravo);
        await using var events = new EventTap(console.Address);
        await events.Connected.WaitAsync(ProcessFleet.ChangeDeadline);
        var alphaUid = await CommandThroughConsoleAsync(console, alpha, alphaCard);
        var bravoUid = await CommandThroughConsoleAsync(console, bravo, bravoCard);
        Assert.NotEqual(alphaUid, bravoUid);
        await DetachAndAttachThroughConsoleAsync(console, events, alpha, alphaCard);
        await DetachAndAttachThroughConsoleAsync(console, events, bravo, bravoCard);

        await bravo.KillAsync();
        await UntilBravoUnreachableAsync(fleet, console);
        await RefusedAtOnceAsync(console, $"{Bravo}.{bravoCard}");
        await UntilBravoDownedAsync(fleet, console);

        bravo.Start();
        await fleet.UntilAllUpAsync(console, ProcessFleet.StartDeadline, Alpha, Bravo, Ops);
        await UntilListsEveryReaderAsync(fleet, console, ProcessFleet.StartDeadline);
        await CommandThroughConsoleAsync(console, bravo, await UidReaderAsync(fleet, bravo));

        Assert.Equal(0, await console.TerminateAsync());
        console.Start();
        await fleet.UntilAllUpAsync(console, ProcessFleet.StartDeadline, Alpha, Bravo, Ops);
        await UntilListsEveryReaderAsync(fleet, console, ProcessFleet.StartDeadline);
        await CommandThroughConsoleAsync(console, alpha, alphaCard);
    }

    private static string[] StationArguments(int simulationSeed) =>
    [
        // The shipped plugins identify the simulated cards (the Uid plugin's read-uid is the plugin operation used).
        $"--Station:Plugins:Directory={RepositoryPaths.ShippedPlugins}",
        // Half the readers filled at start, the same cards every run (seeded), and no churn: the test drives changes.
        "--Station:Simulation:ChurnInterval=00:00:00",
        $"--Station:Simulation:Seed={simulationSeed.ToString(CultureInfo.InvariantCulture)}",
        .. CommonArguments(),
    ];

    private static string[] ConsoleArguments() =>
    [
        $"--Station:OperationTimeout={ConsoleOperationTimeout:c}",
        .. CommonArguments(),
    ];

    private static string[] CommonArguments() =>
    [
        // Long enough to look at the killed station while it is unreachable before the resolver downs it (a reader
        // list asked just before the failure detector noticed waits up to 5 s for the dead station), short for the test.
        "--Cluster:SplitBrain:StableAfter=00:00:15",
        "--Logging:LogLevel:Default=Information",
        "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
    ];

    private static string[] Roles(JsonNode station) => [.. station["roles"]!.AsArray().Select(r => (string)r!)];

    /// <summary>The console lists both stations' readers, each once, with its station and its fleet-wide id.</summary>
    private static async Task UntilListsEveryReaderAsync(ProcessFleet fleet, FleetNodeProcess console, TimeSpan deadline)
    {
        var readers = await Poll.UntilAsync($"{console.Name} lists {ReadersPerStation} readers of each station", deadline,
            () => ProcessFleet.ReadersAsync(console),
            rs => rs.Count == 2 * ReadersPerStation && OfStation(rs, Alpha) == ReadersPerStation && OfStation(rs, Bravo) == ReadersPerStation
                && rs.All(r => (string?)r["state"] != "Unreachable"),
            ProcessFleet.Describe, fleet.Diagnostics);
        var ids = readers.Select(r => (string)r["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(readers, r => Assert.StartsWith($"{(string)r["station"]!}.", (string)r["id"]!, StringComparison.Ordinal));
    }

    private static int OfStation(List<JsonNode> readers, string station) => readers.Count(r => (string?)r["station"] == station);

    /// <summary>A reader of <paramref name="station"/> whose card the Uid plugin identified, asked of the station
    /// itself (which lists the whole fleet, hence the station filter); returns its bare reader id.</summary>
    private static async Task<string> UidReaderAsync(ProcessFleet fleet, FleetNodeProcess station)
    {
        var readers = await Poll.UntilAsync($"{station.Name} has a card identified by the Uid plugin", ProcessFleet.StartDeadline,
            () => ProcessFleet.ReadersAsync(station, $"?station={station.Name}"), rs => rs.Any(IsUidCard), ProcessFleet.Describe,
            fleet.Diagnostics);
        Assert.All(readers, r => Assert.Equal(station.Name, (string?)r["station"]));
        var id = (string)readers.First(IsUidCard)["id"]!;
        Assert.StartsWith(station.Name + ".", id, StringComparison.Ordinal);
        return id[(station.Name.Length + 1)..];
    }

    private static bool IsUidCard(JsonNode reader) => (string?)reader["plugin"] == UidPlugin && (string?)reader["state"] == "Attached";

    /// <summary>A transmit (GET DATA of the UID) and the Uid plugin's read-uid through the console, compared with the
    /// same transmit asked of the owning station by its bare id: the console's commands ran on that station's card.</summary>
    private static async Task<string> CommandThroughConsoleAsync(FleetNodeProcess console, FleetNodeProcess station, string reader)
    {
        var fleetId = $"{station.Name}.{reader}";
        var local = (await ApiAnswer.PostAsync(station.Http, $"/api/readers/{reader}/transmit", new { apdu = GetUid }))
            .Json($"transmit on {station.Name} itself");
        var remote = (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/transmit", new { apdu = GetUid }))
            .Json($"transmit to {fleetId} through {console.Name}");
        Assert.Equal("9000", (string?)remote["sw"]);
        var uid = (string)local["response"]!;
        Assert.Equal(uid, (string?)remote["response"]);

        var operation = (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/operations/read-uid", new { }))
            .Json($"read-uid on {fleetId} through {console.Name}");
        Assert.Equal(UidPlugin, (string?)operation["plugin"]);
        Assert.Equal(uid, (string?)operation["result"]!["uid"]);
        return uid;
    }

    /// <summary>A detach and an attach through the console reach the console's event stream as the owning station's
    /// events, with the fleet-wide reader id.</summary>
    private static async Task DetachAndAttachThroughConsoleAsync(FleetNodeProcess console, EventTap events, FleetNodeProcess station, string reader)
    {
        var fleetId = $"{station.Name}.{reader}";
        (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/detach", new { })).Json($"detach {fleetId}");
        await events.WaitForAsync($"CardDetached of {fleetId} from {station.Name} on {console.Name}'s /api/events", ProcessFleet.ChangeDeadline,
            e => Is(e, "CardDetached", station.Name, fleetId));
        (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/attach", new { })).Json($"attach {fleetId}");
        await events.WaitForAsync($"CardAttached of {fleetId} from {station.Name} on {console.Name}'s /api/events", ProcessFleet.ChangeDeadline,
            e => Is(e, "CardAttached", station.Name, fleetId));
    }

    private static bool Is(JsonNode record, string type, string station, string readerId) =>
        (string?)record["type"] == type && (string?)record["station"] == station && (string?)record["readerId"] == readerId;

    /// <summary>After kill -9 the console shows the killed station Unreachable and lists its readers as Unreachable,
    /// while the other station and its readers stay as they were.</summary>
    private static async Task UntilBravoUnreachableAsync(ProcessFleet fleet, FleetNodeProcess console)
    {
        var stations = await Poll.UntilAsync($"{console.Name} shows {Bravo} Unreachable", ProcessFleet.ChangeDeadline,
            () => ProcessFleet.StationsAsync(console), s => ProcessFleet.Status(s, Bravo) == "Unreachable", ProcessFleet.Describe,
            fleet.Diagnostics);
        Assert.Equal("Up", ProcessFleet.Status(stations, Alpha));
        var readers = await Poll.UntilAsync($"{console.Name} lists {Bravo}'s readers as Unreachable", ProcessFleet.ChangeDeadline,
            () => ProcessFleet.ReadersAsync(console),
            rs => rs.Count(r => (string?)r["station"] == Bravo && (string?)r["state"] == "Unreachable") == ReadersPerStation,
            ProcessFleet.Describe, fleet.Diagnostics);
        Assert.Equal(ReadersPerStation, readers.Count(r => (string?)r["station"] == Alpha && (string?)r["state"] != "Unreachable"));
    }

    /// <summary>A command to a reader of the unreachable station answers 503 StationUnreachable without waiting for
    /// the console's (25 s) operation timeout.</summary>
    private static async Task RefusedAtOnceAsync(FleetNodeProcess console, string fleetId)
    {
        var clock = Stopwatch.StartNew();
        var refused = await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/transmit", new { apdu = GetUid });
        clock.Stop();
        Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"transmit to {fleetId}: {refused}");
        Assert.Equal("StationUnreachable", (string?)refused.Body?["reason"]);
        Assert.Equal(Bravo, (string?)refused.Body?["station"]);
        Assert.True(clock.Elapsed < ConsoleOperationTimeout / 2,
            $"the 503 took {clock.Elapsed.TotalSeconds:0.0} s: it waited for the operation instead of knowing the station is unreachable");
    }

    /// <summary>The split brain resolver downs the killed station after its stable-after time: its readers leave the
    /// console's list and it is no longer shown as a member (or shown Down).</summary>
    private static async Task UntilBravoDownedAsync(ProcessFleet fleet, FleetNodeProcess console)
    {
        await Poll.UntilAsync($"{Bravo}'s readers leave {console.Name}'s list", ProcessFleet.ChangeDeadline,
            () => ProcessFleet.ReadersAsync(console),
            rs => OfStation(rs, Bravo) == 0 && OfStation(rs, Alpha) == ReadersPerStation, ProcessFleet.Describe, fleet.Diagnostics);
        // Removed, not only Down, before the test restarts it: a restart while the fleet still counts the old incarnation
        // can meet the remoting race docs/cluster.md describes ("Stuck outside the fleet"), which the join watchdog
        // answers by exiting for a supervisor this test does not play.
        await Poll.UntilAsync($"{console.Name} no longer lists {Bravo} as a member", ProcessFleet.ChangeDeadline,
            () => ProcessFleet.StationsAsync(console), stations => ProcessFleet.Status(stations, Bravo) is null,
            ProcessFleet.Describe, fleet.Diagnostics);
    }
}

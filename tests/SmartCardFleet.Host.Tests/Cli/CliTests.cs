using System.Text.Json.Nodes;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>The `fleet` executable as a separate process against a host running in this test process.</summary>
public sealed class CliTests(SharedStationWithPlugins shared) : IClassFixture<SharedStationWithPlugins>
{
    private readonly StationUnderTest _station = shared.Station;

    private string Url => _station.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task Readers_prints_a_table_and_json_for_scripts()
    {
        var (exit, table, _) = await FleetProcess.RunAsync("readers", "--url", Url);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("ID", table, StringComparison.Ordinal);
        Assert.Contains("simulated-reader-15", table, StringComparison.Ordinal);

        var (jsonExit, json, _) = await FleetProcess.RunAsync("readers", "--url", Url, "--json");
        Assert.Equal(ExitCodes.Ok, jsonExit);
        Assert.Equal(16, JsonNode.Parse(json)!["readers"]!.AsArray().Count);
    }

    [Fact]
    public async Task Stations_lists_a_standalone_station_as_itself_up_with_its_readers()
    {
        var name = await StationNameAsync();

        var (exit, table, error) = await FleetProcess.RunAsync("stations", "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^NAME\s+ADDRESS\s+ROLES\s+STATUS\s+READERS\s+VERSION\s+LAST SEEN$", lines[0]);
        Assert.Matches($@"^{name}\s+local\s+station\s+Up\s+16\s+\S+\s+now$", lines[1]);
    }

    [Fact]
    public async Task Readers_names_the_station_and_filters_by_station_and_state_on_the_host()
    {
        var name = await StationNameAsync();
        _station.Reader(11).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(11, "Attached", TimeSpan.FromSeconds(15));

        var (exit, table, error) = await FleetProcess.RunAsync("readers", "--station", name, "--state", "Attached", "--url", Url);
        var (otherExit, other, _) = await FleetProcess.RunAsync("readers", "--station", "no-such-station", "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Matches(@"^ID\s+STATION\s+STATE\s+", table);
        Assert.Matches($@"\nsimulated-reader-11\s+{name}\s+Attached\s", table);
        Assert.All(table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.Contains(" Attached ", line, StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, otherExit);
        Assert.Single(other.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unknown_state_filter_shows_the_hosts_400_and_exits_1()
    {
        var (exit, _, error) = await FleetProcess.RunAsync("readers", "--state", "Sleeping", "--url", Url);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("fleet: 400 Bad Request: state \"Sleeping\" is not one of NoCard, CardPresent, Attached", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_reader_verb_takes_the_fleet_wide_id_station_dot_reader()
    {
        var name = await StationNameAsync();
        _station.Reader(12).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(12, "Attached", TimeSpan.FromSeconds(15));
        var id = $"{name}.{StationUnderTest.ReaderId(12)}";

        var (readExit, read, readError) = await FleetProcess.RunAsync("readers", id, "--url", Url);
        var (apduExit, apdu, apduError) = await FleetProcess.RunAsync("apdu", id, "00A4040C08F05343464C454554", "--url", Url);
        var (detachExit, detached, detachError) = await FleetProcess.RunAsync("detach", id, "--url", Url);
        var (attachExit, attached, attachError) = await FleetProcess.RunAsync("attach", id, "--url", Url);
        var (otherExit, _, otherError) = await FleetProcess.RunAsync("readers", $"other-station.{StationUnderTest.ReaderId(12)}", "--url", Url);

        Assert.True(readExit == ExitCodes.Ok, readError);
        Assert.Matches($@"\nsimulated-reader-12\s+{name}\s+Attached\s", read);
        Assert.True(apduExit == ExitCodes.Ok, apduError);
        Assert.Contains("SW 9000", apdu, StringComparison.Ordinal);
        Assert.True(detachExit == ExitCodes.Ok, detachError);
        Assert.Contains("detached simulated-reader-12", detached, StringComparison.Ordinal);
        Assert.True(attachExit == ExitCodes.Ok, attachError);
        Assert.Contains("attached simulated-reader-12", attached, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, otherExit);
        Assert.Contains("404 UnknownReader", otherError, StringComparison.Ordinal);
        Assert.Contains("other-station", otherError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_name_their_station()
    {
        var name = await StationNameAsync();

        var (exit, events, error) = await FleetProcess.RunAsync("events", "--count", "1", "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Matches($@"^\s*\d+ \S+ \S+\s+{name}\s+\S", events);
    }

    private async Task<string> StationNameAsync() =>
        (await _station.GetJsonAsync("/api/stations"))["stations"]![0]!["name"]!.GetValue<string>();

    [Fact]
    public async Task Apdu_sends_one_command_or_several_in_a_transaction()
    {
        _station.Reader(13).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(13, "Attached");

        var (exit, output, error) = await FleetProcess.RunAsync("apdu", StationUnderTest.ReaderId(13), "00A4040C08F05343464C454554", "--url", Url);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("SW 9000", output, StringComparison.Ordinal);

        var (txExit, txOutput, txError) = await FleetProcess.RunAsync("apdu", StationUnderTest.ReaderId(13),
            "00A4040C08F05343464C454554", "00B0810005", "--url", Url);
        Assert.True(txExit == ExitCodes.Ok, txError);
        Assert.Contains($"< {Convert.ToHexString("Hello"u8)} SW 9000", txOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_exits_1_with_the_hosts_reason()
    {
        var (exit, _, error) = await FleetProcess.RunAsync("detach", StationUnderTest.ReaderId(14), "--url", Url);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("409", error, StringComparison.Ordinal);
        Assert.Contains("no card handle to detach", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_and_detach_report_what_happened()
    {
        _station.Reader(15).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(15, "Attached");

        var (detachExit, detached, _) = await FleetProcess.RunAsync("detach", StationUnderTest.ReaderId(15), "--disposition", "Leave", "--url", Url);
        var (attachExit, attached, _) = await FleetProcess.RunAsync("attach", StationUnderTest.ReaderId(15), "--share-mode", "Shared", "--url", Url);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (detachExit, attachExit));
        Assert.Contains("detached simulated-reader-15 (Leave)", detached, StringComparison.Ordinal);
        Assert.Contains("attached simulated-reader-15", attached, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_op_and_events_talk_to_the_host()
    {
        var (pluginsExit, plugins, _) = await FleetProcess.RunAsync("plugins", "--url", Url);
        Assert.Equal(ExitCodes.Ok, pluginsExit);
        Assert.Contains("org.smartcardfleet.uid", plugins, StringComparison.Ordinal);

        var (reloadExit, reloaded, _) = await FleetProcess.RunAsync("plugins", "reload", "--url", Url);
        Assert.Equal(ExitCodes.Ok, reloadExit);
        Assert.Contains("org.smartcardfleet.uid", reloaded, StringComparison.Ordinal);

        var (opExit, _, opError) = await FleetProcess.RunAsync("op", StationUnderTest.ReaderId(0), "read-uid", "--arg", "block=4", "--url", Url);
        Assert.Equal(ExitCodes.Failed, opExit);
        Assert.Contains("409", opError, StringComparison.Ordinal);

        var (eventsExit, events, _) = await FleetProcess.RunAsync("events", "--count", "2", "--json", "--url", Url);
        Assert.Equal(ExitCodes.Ok, eventsExit);
        var lines = events.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.NotNull(JsonNode.Parse(line)!["type"]));
    }

    [Fact]
    public async Task Plugins_prints_version_state_cards_and_reason_and_refusals_of_plugin_commands_exit_1()
    {
        var (exit, table, _) = await FleetProcess.RunAsync("plugins", "--url", Url);
        var (reloadExit, reloaded, reloadError) = await FleetProcess.RunAsync("plugins", "reload", "org.smartcardfleet.uid", "--url", Url);
        var (unknownExit, _, unknownError) = await FleetProcess.RunAsync("plugins", "reload", "org.example.none", "--url", Url);
        var (clearExit, _, clearError) = await FleetProcess.RunAsync("plugins", "clear-quarantine", "org.smartcardfleet.uid", "--url", Url);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Matches(@"^STATION\s+ID\s+VERSION\s+STATE\s+CARDS\s+REASON\n", table);
        Assert.Matches(@"org\.smartcardfleet\.uid\s+\d+\.\d+\.\d+\S*\s+Loaded", table);
        Assert.True(reloadExit == ExitCodes.Ok, reloadError);
        Assert.Contains("org.smartcardfleet.uid", reloaded, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Failed, ExitCodes.Failed), (unknownExit, clearExit));
        Assert.Contains("404 UnknownPlugin: no plugin \"org.example.none\"", unknownError, StringComparison.Ordinal);
        Assert.Contains("409 NotQuarantined", clearError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_no_host_runs_the_cli_says_so_and_exits_3()
    {
        var (exit, _, error) = await FleetProcess.RunAsync("readers", "--url", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.HostUnreachable, exit);
        Assert.Contains("no SmartCardFleet host answers at http://127.0.0.1:9", error, StringComparison.Ordinal);
        Assert.Contains("fleet run", error, StringComparison.Ordinal);
    }

    /// <summary>Every card type of the simulation is accepted (exit 3 = it got as far as looking for the slot, not 2 = usage).</summary>
    [Theory]
    [InlineData("iso7816-fs")]
    [InlineData("storage-mifare-classic-1k")]
    [InlineData("nfc-type4")]
    [InlineData("openpgp-3.4")]
    public async Task Vcard_without_a_vpcd_slot_says_so_and_exits_3(string cardType)
    {
        var (exit, _, error) = await FleetProcess.RunAsync("vcard", "--port", "9", "--card", cardType);

        Assert.Equal(ExitCodes.HostUnreachable, exit);
        Assert.Contains("no vpcd reader slot answers at 127.0.0.1:9", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apdu")]
    [InlineData("plugins", "clear-quarantine")]
    [InlineData("plugins", "reload", "one", "two")]
    [InlineData("vcard", "--port", "35963", "--card", "no-such-card")]
    [InlineData("run", "--simulate", "0")]
    [InlineData("run", "--config", "/nonexistent/fleet.json")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (exit, _, error) = await FleetProcess.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>The API of a clustered station (<see cref="ClusteredStation"/>): fleet-wide ids and station fields, readers of
/// another station reached through its actors, unreachable and unknown stations answered at once as problem+json, the
/// list's filters, and a request cut short when its station is lost.</summary>
public sealed class ClusteredApiTests(ClusteredStation fleet) : IClassFixture<ClusteredStation>
{
    private const string Select = "00A4040C08F05343464C454554";
    private readonly StationUnderTest _station = fleet.Station;

    [Fact]
    public async Task The_list_names_each_readers_station_and_shows_fleet_wide_ids_with_an_unreachable_stations_readers()
    {
        var readers = (await _station.GetJsonAsync("/api/readers?station=mirror"))["readers"]!.AsArray();
        var own = (await _station.GetJsonAsync($"/api/readers?station={ClusteredStation.Self}"))["readers"]!.AsArray();
        var gone = (await _station.GetJsonAsync("/api/readers?station=gone"))["readers"]!.AsArray();

        Assert.Equal(ClusteredStation.Readers, readers.Count);
        Assert.All(readers, r => Assert.Equal("mirror", r!["station"]!.GetValue<string>()));
        Assert.Contains(readers, r => r!["id"]!.GetValue<string>() == "mirror.simulated-reader-00");
        Assert.Contains(own, r => r!["id"]!.GetValue<string>() == $"{ClusteredStation.Self}.simulated-reader-00"
            && r["station"]!.GetValue<string>() == ClusteredStation.Self);
        Assert.Equal(["gone.gone-reader-0", "gone.gone-reader-1"], gone.Select(r => r!["id"]!.GetValue<string>()));
        Assert.All(gone, r => Assert.Equal("Unreachable", r!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_station_that_does_not_answer_in_time_is_one_unavailable_entry_naming_it()
    {
        var list = await _station.GetJsonAsync("/api/readers?station=silent");

        Assert.Empty(list["readers"]!.AsArray());
        var entry = Assert.Single(list["unavailable"]!.AsArray())!;
        Assert.Equal("silent", entry["station"]!.GetValue<string>());
        Assert.Equal("Timeout", entry["reason"]!.GetValue<string>());
        Assert.Null(entry["readerId"]);
    }

    [Fact]
    public async Task The_state_filter_takes_reader_states_and_Unreachable_and_refuses_other_names()
    {
        var unreachable = (await _station.GetJsonAsync("/api/readers?state=Unreachable"))["readers"]!.AsArray();
        var noCard = (await _station.GetJsonAsync("/api/readers?state=NoCard&station=mirror"))["readers"]!.AsArray();

        Assert.Equal(["gone.gone-reader-0", "gone.gone-reader-1"], unreachable.Select(r => r!["id"]!.GetValue<string>()));
        Assert.NotEmpty(noCard);
        Assert.All(noCard, r => Assert.Equal("NoCard", r!["state"]!.GetValue<string>()));
        var problem = await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/readers?state=Sleeping"), HttpStatusCode.BadRequest,
            "Unreachable");
        Assert.Equal("state", problem["field"]!.GetValue<string>());
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/readers?state=nocard"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_reader_of_an_unreachable_station_is_503_StationUnreachable_for_every_kind_of_request()
    {
        foreach (var response in new[]
        {
            await _station.Http.GetAsync("/api/readers/gone.gone-reader-0"),
            await _station.PostAsync("/api/readers/gone.gone-reader-0/attach", null),
            await _station.PostAsync("/api/readers/gone.gone-reader-0/transmit", new { apdu = Select }),
            await _station.PostAsync("/api/readers/gone.gone-reader-0/transaction", new { apdus = new[] { Select } }),
            await _station.PostAsync("/api/readers/gone.gone-reader-0/operations/read-badge", null),
            await _station.PostAsync("/api/plugins/reload?station=gone", null),
        })
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "gone");
            Assert.Equal("StationUnreachable", problem["title"]!.GetValue<string>());
            Assert.Equal("StationUnreachable", problem["reason"]!.GetValue<string>());
            Assert.Equal("gone", problem["station"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_reader_of_a_station_the_fleet_does_not_know_is_404_naming_the_station()
    {
        var problem = await ProblemAssert.IsAsync(await _station.PostAsync("/api/readers/kiosk-9.reader-0/transmit", new { apdu = Select }),
            HttpStatusCode.NotFound, "kiosk-9");

        Assert.Equal("UnknownReader", problem["reason"]!.GetValue<string>());
        Assert.Equal("kiosk-9", problem["station"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_stations_reader_is_asked_through_its_actors_and_answers_with_its_fleet_wide_id()
    {
        _station.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await Eventually.TrueAsync(async () =>
                (await _station.GetJsonAsync("/api/readers/mirror.simulated-reader-01"))["state"]?.GetValue<string>() == "Attached",
            TimeSpan.FromSeconds(5), "mirror.simulated-reader-01 to be Attached");

        var reader = await _station.GetJsonAsync("/api/readers/mirror.simulated-reader-01");
        var response = await _station.PostAsync("/api/readers/mirror.simulated-reader-01/transmit", new { apdu = Select });
        var detached = await _station.PostAsync("/api/readers/mirror.simulated-reader-01/detach", null);

        Assert.Equal("mirror", reader["station"]!.GetValue<string>());
        Assert.Equal("mirror.simulated-reader-01", reader["id"]!.GetValue<string>());
        response.EnsureSuccessStatusCode();
        Assert.Equal("9000", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["sw"]!.GetValue<string>());
        detached.EnsureSuccessStatusCode();
        Assert.Equal("mirror.simulated-reader-01", JsonNode.Parse(await detached.Content.ReadAsStringAsync())!["readerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_stations_card_types_come_from_its_plugin_status_and_agree_with_the_readers_own_answer()
    {
        _station.Reader(3).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        var own = await Eventually.GetAsync(async () =>
                await _station.GetJsonAsync($"/api/readers/{ClusteredStation.Self}.simulated-reader-03") is { } r && r["cardType"] is not null ? r : null,
            TimeSpan.FromSeconds(10), "the storage card to be identified");

        var listed = (await _station.GetJsonAsync(
            $"/api/readers?station=mirror&cardType={Uri.EscapeDataString(own["cardType"]!.GetValue<string>())}"))["readers"]!.AsArray();

        var mirrored = Assert.Single(listed)!;
        Assert.Equal("mirror.simulated-reader-03", mirrored["id"]!.GetValue<string>());
        Assert.Equal(own["plugin"]!.GetValue<string>(), mirrored["plugin"]!.GetValue<string>());
        Assert.Equal(own["pluginVersion"]!.GetValue<string>(), mirrored["pluginVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_in_flight_to_a_station_that_is_lost_answers_StationUnreachable_without_waiting_for_its_timeout()
    {
        var transmit = _station.PostAsync("/api/readers/doomed.simulated-reader-02/transmit", new { apdu = Select });
        // The station's manager has the request: it is in flight and would wait out Station:OperationTimeout.
        await Eventually.GetAsync(() => Task.FromResult(
                fleet.Swallowed.Reader.TryRead(out var got) && got is ("doomed", ToReader { ReaderId.Value: "simulated-reader-02" })
                    ? got.Message
                    : null),
            TimeSpan.FromSeconds(5), "the transmit to reach doomed's reader manager");

        await fleet.DoomedLost.CancelAsync();

        var problem = await ProblemAssert.IsAsync(await transmit, HttpStatusCode.ServiceUnavailable, "doomed");
        Assert.Equal("StationUnreachable", problem["reason"]!.GetValue<string>());
        Assert.Equal("doomed", problem["station"]!.GetValue<string>());
        Assert.Equal("doomed.simulated-reader-02", problem["readerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stations_lists_the_fleet_with_roles_status_and_reader_counts()
    {
        var stations = (await _station.GetJsonAsync("/api/stations"))["stations"]!.AsArray();

        var self = Assert.Single(stations, s => s!["self"]!.GetValue<bool>())!;
        Assert.Equal(ClusteredStation.Self, self["name"]!.GetValue<string>());
        Assert.Equal(ClusteredStation.Readers, self["readers"]!.GetValue<int>());
        var gone = Assert.Single(stations, s => s!["name"]!.GetValue<string>() == "gone")!;
        Assert.Equal("Unreachable", gone["status"]!.GetValue<string>());
        Assert.Equal(["station"], gone["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(2, gone["readers"]!.GetValue<int>());
    }
}

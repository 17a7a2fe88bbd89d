using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class ReaderApiTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private const string SelectTestApplication = "00A4040C08F05343464C454554";
    private static readonly TimeSpan CardTime = TimeSpan.FromMilliseconds(40);
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task Listing_readers_returns_every_simulated_reader_with_its_state()
    {
        var list = await _station.GetJsonAsync("/api/readers");

        var readers = list["readers"]!.AsArray();
        Assert.Equal(16, readers.Count);
        Assert.Contains(readers, r => r!["id"]!.GetValue<string>() == "simulated-reader-00" && r["name"]!.GetValue<string>() == "Simulated Reader 00");
        Assert.Empty(list["unavailable"]!.AsArray());
    }

    [Fact]
    public async Task When_a_card_is_inserted_it_is_attached_and_answers_an_apdu_with_its_status_word_and_the_cards_time()
    {
        var card = VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard);
        _station.Reader(1).Insert(card);
        await _station.WaitForStateAsync(1, "Attached");

        var reader = await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(1)}");
        Assert.StartsWith("3B8A8001", reader["atr"]!.GetValue<string>(), StringComparison.Ordinal);

        // The card takes CardTime over SELECT, so elapsedMs must show at least that: an elapsed time that is not the
        // card exchange's (zero, or measured around the wrong call) fails. It cannot exceed the client's whole request.
        card.Faults.SetLongCommand(0xA4, CardTime);
        var clock = Stopwatch.StartNew();
        var response = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(1)}/transmit", new { apdu = SelectTestApplication });
        var request = clock.Elapsed;
        response.EnsureSuccessStatusCode();
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("9000", result["sw"]!.GetValue<string>());
        Assert.InRange(result["elapsedMs"]!.GetValue<double>(), CardTime.TotalMilliseconds, request.TotalMilliseconds);
    }

    [Fact]
    public async Task Unknown_reader_is_404_with_a_reason()
    {
        var problem = await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/readers/no-such-reader"), HttpStatusCode.NotFound, "no-such-reader");
        Assert.Equal("UnknownReader", problem["reason"]!.GetValue<string>());
        await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/readers/Not%20A%20Slug"), HttpStatusCode.NotFound, "reader ids are");
        await ProblemAssert.IsAsync(await _station.PostAsync("/api/readers/no-such-reader/transmit", new { apdu = "00A40400" }),
            HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("00A4040", "odd number of digits")]
    [InlineData("00A4ZZ00", "Invalid hex character 'Z'")]
    [InlineData("00A4", "4..65544 bytes")]
    [InlineData("", "required")]
    public async Task Bad_apdu_hex_is_400_with_the_reason(string apdu, string reason)
    {
        var response = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/transmit", new { apdu });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, reason);
    }

    [Fact]
    public async Task An_apdu_longer_than_65544_bytes_is_400()
    {
        var apdu = Convert.ToHexString(new byte[65545]);

        var response = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/transmit", new { apdu });

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "got 65545");
    }

    [Fact]
    public async Task Malformed_json_and_unknown_enum_values_are_400()
    {
        using var content = new StringContent("{\"apdu\": ", System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsAsync(await _station.Http.PostAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/transmit", content),
            HttpStatusCode.BadRequest);

        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/attach", new { shareMode = "Shard" }),
            HttpStatusCode.BadRequest, "shareMode \"Shard\" is not one of Exclusive, Shared, Direct");
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/detach", new { disposition = "7" }),
            HttpStatusCode.BadRequest, "disposition");
    }

    [Fact]
    public async Task Wrong_state_is_409_detach_without_card_and_transmit_after_detach()
    {
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(3)}/detach", null),
            HttpStatusCode.Conflict, "no card handle");

        _station.Reader(3).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await _station.WaitForStateAsync(3, "Attached");
        var detached = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(3)}/detach", new { disposition = "Reset" });
        detached.EnsureSuccessStatusCode();
        Assert.Equal("Reset", JsonNode.Parse(await detached.Content.ReadAsStringAsync())!["disposition"]!.GetValue<string>());

        var problem = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(3)}/transmit",
            new { apdu = "FFCA000000" }), HttpStatusCode.Conflict);
        Assert.Equal("NotAttached", problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Attach_reconnect_and_detach_round_trip()
    {
        var reader = StationUnderTest.ReaderId(4);
        _station.Reader(4).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(4, "Attached");
        (await _station.PostAsync($"/api/readers/{reader}/detach", null)).EnsureSuccessStatusCode();

        var attached = await _station.PostAsync($"/api/readers/{reader}/attach", new { shareMode = "exclusive", protocols = "T1" });
        attached.EnsureSuccessStatusCode();
        Assert.Equal("Exclusive", JsonNode.Parse(await attached.Content.ReadAsStringAsync())!["shareMode"]!.GetValue<string>());
        var again = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/attach", null), HttpStatusCode.Conflict);
        Assert.Equal("AlreadyAttached", again["reason"]!.GetValue<string>());

        var reconnected = await _station.PostAsync($"/api/readers/{reader}/reconnect", new { shareMode = "Shared", initialization = "Reset" });
        reconnected.EnsureSuccessStatusCode();
        Assert.StartsWith("3B8A", JsonNode.Parse(await reconnected.Content.ReadAsStringAsync())!["atr"]!.GetValue<string>(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/reconnect", new { initialization = "Eject" }),
            HttpStatusCode.BadRequest, "cannot eject");
    }

    [Fact]
    public async Task A_card_held_exclusively_by_another_process_is_423()
    {
        var reader = StationUnderTest.ReaderId(5);
        _station.Reader(5).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(5, "Attached");
        (await _station.PostAsync($"/api/readers/{reader}/detach", null)).EnsureSuccessStatusCode();
        var pcsc = _station.Pcsc;
        Assert.Equal(PcscError.Success, pcsc.EstablishContext(PcscScope.System, out var context));
        try
        {
            Assert.Equal(PcscError.Success,
                pcsc.Connect(context, "Simulated Reader 05", ShareMode.Exclusive, CardProtocol.Any, out _, out _));

            var problem = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/attach", null), HttpStatusCode.Locked,
                "another process");
            Assert.Equal("SharingViolation", problem["reason"]!.GetValue<string>());
        }
        finally
        {
            pcsc.ReleaseContext(context);
        }
    }

    [Fact]
    public async Task A_card_slower_than_the_operation_timeout_is_504_and_the_reader_answers_again_afterwards()
    {
        var reader = StationUnderTest.ReaderId(6);
        var card = VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard);
        _station.Reader(6).Insert(card);
        await _station.WaitForStateAsync(6, "Attached");
        card.Faults.SetLongCommand(0xA4, TimeSpan.FromSeconds(2));

        var problem = await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = SelectTestApplication }),
            HttpStatusCode.GatewayTimeout, "Station:OperationTimeout");
        Assert.Equal("Timeout", problem["reason"]!.GetValue<string>());

        card.Faults.ClearLongCommand(0xA4);
        await Eventually.TrueAsync(async () =>
            (await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = SelectTestApplication })).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "the reader to answer again after the slow command");
    }
}

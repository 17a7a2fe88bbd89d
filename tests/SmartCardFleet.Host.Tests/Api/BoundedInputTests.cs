using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, defects 2, 3 and 8: what a client sends must not grow what the station keeps or echoes.</summary>
public sealed class BoundedInputTests(SharedStationWithPlugins shared) : IClassFixture<SharedStationWithPlugins>
{
    // Well above any useful message, far below what a hostile client sends: the exact caps are the product's business.
    private const int GenerousDetail = 2_000;

    private readonly StationUnderTest _station = shared.Station;

    private FleetEventJournal Journal => _station.App.Services.GetRequiredService<FleetEventJournal>();

    [Fact]
    public async Task A_huge_invalid_argument_is_echoed_bounded_in_the_problem_and_in_its_event()
    {
        var reader = StationUnderTest.ReaderId(1);
        await InsertIdentifiedStorageCardAsync(1);
        var before = Journal.LastId;

        var response = await _station.PostAsync($"/api/readers/{reader}/operations/update-binary",
            new { arguments = new { page = 1, data = "zz" + new string('A', 500_000) } });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "data");
        var detail = problem["detail"]!.GetValue<string>();
        Assert.True(detail.Length < GenerousDetail, $"the detail has {detail.Length} characters");
        Assert.Contains("more characters", detail, StringComparison.Ordinal);
        var activity = Assert.Single(Journal.Since(before), e => e.Type == "ReaderActivity" && e.ReaderId == reader);
        Assert.True(activity.Data.ToJsonString().Length < GenerousDetail, $"the event holds {activity.Data.ToJsonString().Length} characters");
    }

    [Fact]
    public async Task Failures_for_invented_reader_ids_create_no_event_and_no_metric_series()
    {
        const string invented = "invented-reader-4711";
        var before = Journal.LastId;

        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{invented}/operations/read-uid", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{invented}/attach", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{invented}/transmit", new { apdu = "00A4040000" }),
            HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{invented}/transaction", new { apdus = new[] { "00A4040000" } }),
            HttpStatusCode.NotFound);
        // A known reader without a card: its failure is counted, and proves the scrape below saw everything before it.
        var control = StationUnderTest.ReaderId(2);
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{control}/operations/read-uid", null), HttpStatusCode.Conflict);

        var metrics = await MetricsContainingAsync($"reader=\"{control}\"");
        Assert.DoesNotContain(invented, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(Journal.Since(before), e => e.ReaderId == invented);
        Assert.Contains(Journal.Since(before), e => e.ReaderId == control && e.Type == "ReaderActivity");
    }

    [Fact]
    public async Task Operation_names_no_loaded_plugin_offers_are_labelled_unknown_in_metrics()
    {
        var reader = StationUnderTest.ReaderId(3);
        await InsertIdentifiedStorageCardAsync(3);
        var invented = "launch-" + new string('z', 80);

        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{reader}/operations/{invented}", null), HttpStatusCode.NotFound);
        (await _station.PostAsync($"/api/readers/{reader}/operations/read-uid", null)).EnsureSuccessStatusCode();

        var metrics = await MetricsContainingAsync($"operation=\"read-uid\",outcome=\"ok\",plugin=\"org.smartcardfleet.uid\",reader=\"{reader}\"");
        Assert.DoesNotContain(invented, metrics, StringComparison.Ordinal);
        Assert.Contains($"operation=\"unknown\",outcome=\"UnknownOperation\",plugin=\"org.smartcardfleet.uid\",reader=\"{reader}\"", metrics,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Last_Event_ID_beyond_the_last_event_replays_nothing_even_at_the_largest_number()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", long.MaxValue.ToString(CultureInfo.InvariantCulture));
        Assert.True(Journal.LastId > 0, "the station has published events (its readers) that a replay would show");

        using var response = await _station.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        // The headers are out once the stream has taken its backlog; a marker appended now is the first live event.
        var marker = Journal.Append("Marker", null, DateTimeOffset.UnixEpoch, []);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(marker.Id, await FirstEventIdAsync(reader));
    }

    [Fact]
    public async Task A_request_body_over_1_MiB_is_413_problem_json_before_it_is_parsed()
    {
        var apdu = "00" + new string('0', 2 * 1024 * 1024);
        using var content = new StringContent($"{{\"apdu\":\"{apdu}\"}}", Encoding.UTF8, "application/json");

        var response = await _station.Http.PostAsync($"/api/readers/{StationUnderTest.ReaderId(4)}/transmit", content);

        // The limit is this test's business; the wording of the 413's detail belongs to the host's status-code pages.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_transaction_over_the_total_command_bytes_is_400_and_nothing_is_sent()
    {
        var reader = StationUnderTest.ReaderId(5);
        _station.Reader(5).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(5, "Attached");
        // Five extended APDUs of 60,000 data bytes each: each one valid, together more than a transaction carries.
        var big = "00D60000" + "00EA60" + string.Concat(Enumerable.Repeat("00", 60_000));

        var response = await _station.PostAsync($"/api/readers/{reader}/transaction", new { apdus = Enumerable.Repeat(big, 5) });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "262144");
        Assert.Equal("apdus", problem["field"]!.GetValue<string>());
    }

    private async Task InsertIdentifiedStorageCardAsync(int index)
    {
        _station.Reader(index).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard, [0x04, 0x10, 0x20, (byte)index]));
        await Eventually.TrueAsync(async () =>
            (await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(index)}"))["plugin"]?.GetValue<string>()
                == "org.smartcardfleet.uid",
            TimeSpan.FromSeconds(5), "the storage card to be identified by the uid plugin");
    }

    private Task<string> MetricsContainingAsync(string fragment) =>
        Eventually.GetAsync(async () =>
        {
            var text = await _station.Http.GetStringAsync("/metrics");
            return text.Contains(fragment, StringComparison.Ordinal) ? text : null;
        }, TimeSpan.FromSeconds(10), $"/metrics to show {fragment}");

    private static async Task<long> FirstEventIdAsync(StreamReader reader)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                return long.Parse(line[4..], CultureInfo.InvariantCulture);
            }
        }

        Assert.Fail("the stream ended without an event");
        return 0;
    }
}

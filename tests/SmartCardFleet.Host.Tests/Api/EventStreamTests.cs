using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class EventStreamTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task Events_stream_with_ids_and_a_reconnect_with_Last_Event_ID_resumes_after_that_id()
    {
        var reader = StationUnderTest.ReaderId(12);
        using var stream = await SseReader.OpenAsync(_station.Http, null);
        _station.Reader(12).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        var inserted = await stream.NextAsync(e => e.Data["type"]!.GetValue<string>() == "CardInserted"
            && e.Data["readerId"]?.GetValue<string>() == reader, TimeSpan.FromSeconds(5));
        var attached = await stream.NextAsync(e => e.Data["type"]!.GetValue<string>() == "CardAttached"
            && e.Data["readerId"]?.GetValue<string>() == reader, TimeSpan.FromSeconds(5));
        Assert.Equal(inserted.Id, inserted.Data["id"]!.GetValue<long>());
        Assert.True(attached.Id > inserted.Id);

        using var resumed = await SseReader.OpenAsync(_station.Http, inserted.Id - 1);
        var first = await resumed.NextAsync(_ => true, TimeSpan.FromSeconds(5));

        Assert.Equal(inserted.Id, first.Id);
        Assert.Equal("CardInserted", first.Data["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(first.Data["data"]!["atr"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_Last_Event_ID_that_is_not_a_number_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        var response = await _station.Http.SendAsync(request);

        await ProblemAssert.IsAsync(response, System.Net.HttpStatusCode.BadRequest, "yesterday");
    }
}

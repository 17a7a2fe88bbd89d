using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;

namespace SmartCardFleet.Integration.Tests.Host;

/// <summary>Issue 5's core API paths with the real station host in process, on the native PC/SC of the real fleet.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class StationApiTests(RealFleetFixture fixture)
{
    private static readonly byte[] Uid = [0x04, 0x61, 0x62, 0x63];

    [Fact]
    public async Task The_API_lists_the_16_readers_and_attaches_transmits_and_detaches_a_real_card()
    {
        var fleet = fixture.Require();
        await using var station = await RunningStation.StartAsync();
        var reader = ReaderId.FromReaderName(fleet.Layout.Reader(13).ReaderName).Value;

        var list = await station.GetJsonAsync("/api/readers");
        var ids = list["readers"]!.AsArray().Select(r => (string)r!["id"]!).Order(StringComparer.Ordinal);
        Assert.Equal(fleet.Layout.Readers.Select(r => ReaderId.FromReaderName(r.ReaderName).Value).Order(StringComparer.Ordinal), ids);

        await using var card = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(13), new StorageCard(Uid));
        await station.WaitForStateAsync(reader, "Attached");
        var detached = await station.PostJsonAsync($"/api/readers/{reader}/detach", new { disposition = "Leave" });
        Assert.Equal("Leave", (string?)detached["disposition"]);
        Assert.Equal("CardPresent", (string?)(await station.GetJsonAsync($"/api/readers/{reader}"))["state"]);

        var attached = await station.PostJsonAsync($"/api/readers/{reader}/attach", new { shareMode = "Exclusive" });
        Assert.Equal("Exclusive", (string?)attached["shareMode"]);
        Assert.Equal(Convert.ToHexString(card.Card.Atr), (string?)attached["atr"]);
        var reply = await station.PostJsonAsync($"/api/readers/{reader}/transmit", new { apdu = "FFCA000000" });
        Assert.Equal(("9000", Convert.ToHexString(Uid)), ((string?)reply["sw"], (string?)reply["response"]));

        await station.PostJsonAsync($"/api/readers/{reader}/detach", new { });
        var transmitDetached = await station.Http.PostAsJsonAsync($"/api/readers/{reader}/transmit", new { apdu = "FFCA000000" });
        Assert.Equal(HttpStatusCode.Conflict, transmitDetached.StatusCode);
    }
}

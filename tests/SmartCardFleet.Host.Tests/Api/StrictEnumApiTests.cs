using System.Net;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, defects 4 and 10: a list of names is not combined into another value, and a bad enum names its field.</summary>
public sealed class StrictEnumApiTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Theory]
    [InlineData("Shared,Exclusive", 4)]
    [InlineData("+3", 8)]
    public async Task A_share_mode_list_or_number_is_400_naming_the_field_and_nothing_is_attached(string shareMode, int index)
    {
        await CardPresentNotAttachedAsync(index);

        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(index)}/attach", new { shareMode }),
            HttpStatusCode.BadRequest, "Exclusive, Shared, Direct");

        Assert.Equal("shareMode", problem["field"]?.GetValue<string>());
        Assert.Equal("CardPresent", (await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(index)}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_disposition_list_is_400_naming_the_field_and_the_card_stays_attached()
    {
        _station.Reader(5).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(5, "Attached");

        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(5)}/detach", new { disposition = "Reset,Unpower" }),
            HttpStatusCode.BadRequest, "Leave, Reset, Unpower, Eject");

        Assert.Equal("disposition", problem["field"]?.GetValue<string>());
        Assert.Equal("Attached", (await _station.GetJsonAsync($"/api/readers/{StationUnderTest.ReaderId(5)}"))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("T15", 6)]
    [InlineData("T1, T15", 9)]
    public async Task Attaching_with_T15_is_bad_client_input_not_a_pcsc_error(string protocols, int index)
    {
        await CardPresentNotAttachedAsync(index);

        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(index)}/attach", new { protocols }),
            HttpStatusCode.BadRequest, "T15");

        Assert.Equal("protocols", problem["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task Reconnect_names_the_bad_field_too()
    {
        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(7)}/reconnect", new { initialization = "Reset,Unpower" }),
            HttpStatusCode.BadRequest, "initialization");

        Assert.Equal("initialization", problem["field"]?.GetValue<string>());
    }

    /// <summary>A card in the reader that the station has auto-attached and then detached again.</summary>
    private async Task CardPresentNotAttachedAsync(int index)
    {
        _station.Reader(index).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(index, "Attached");
        await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(index)}/detach", null);
        await _station.WaitForStateAsync(index, "CardPresent");
    }
}

using System.Net;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, "silent acceptance": an argument the operation does not declare is a 400 naming the key.</summary>
public sealed class OperationArgumentApiTests(SharedStationWithPlugins shared) : IClassFixture<SharedStationWithPlugins>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task An_unknown_operation_argument_is_400_naming_the_key()
    {
        var reader = StationUnderTest.ReaderId(13);
        _station.Reader(13).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard));
        await Eventually.TrueAsync(async () => (await _station.GetJsonAsync($"/api/readers/{reader}"))["plugin"] is not null,
            TimeSpan.FromSeconds(5), "the storage card to be identified");

        var problem = await ProblemAssert.IsAsync(
            await _station.PostAsync($"/api/readers/{reader}/operations/read-binary", new { arguments = new { page = 4, lenght = 16 } }),
            HttpStatusCode.BadRequest, "\"lenght\"");

        Assert.Equal("InvalidArgument", problem["reason"]?.GetValue<string>());
    }
}

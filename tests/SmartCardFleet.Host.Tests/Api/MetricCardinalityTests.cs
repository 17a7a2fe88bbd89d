using System.Net;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, defect 3: a client inventing reader ids must not be able to break /metrics for good.</summary>
public sealed class MetricCardinalityTests
{
    [Fact]
    public async Task Metrics_stay_200_after_thousands_of_requests_with_invented_long_reader_ids()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);
        var padding = new string('x', 2_000);

        for (var i = 0; i < 2_100; i++)
        {
            using var response = await station.PostAsync($"/api/readers/invented-{i}-{padding}/operations/read-uid", null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var metrics = await station.Http.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.DoesNotContain(padding, text, StringComparison.Ordinal);
    }
}

using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>The CLI against a node of a clustered fleet (a fake node answering the HTTP contract's JSON): the stations
/// table, fleet-wide reader ids and filters as they travel in the URL, and a reader whose station is unreachable.</summary>
public sealed class FleetWideCliTests : IAsyncLifetime
{
    private const string UnreachableProblem =
        """{"title":"StationUnreachable","status":503,"detail":"station kiosk-2 is unreachable: its reader kiosk-2.virtual-pcd-0-01 cannot be asked","reason":"StationUnreachable","readerId":"kiosk-2.virtual-pcd-0-01","station":"kiosk-2"}""";

    private const string Stations = """
        {"stations":[
          {"name":"console","address":"akka.tcp://fleet@127.0.0.1:4055","roles":["console"],"status":"Up","readers":0,"version":"1.4.0","lastSeen":"@now","self":true},
          {"name":"kiosk-1","address":"akka.tcp://fleet@127.0.0.1:4053","roles":["station"],"status":"Up","readers":2,"version":"1.4.0","lastSeen":"@now","self":false},
          {"name":"kiosk-2","address":"akka.tcp://fleet@127.0.0.1:4054","roles":["station"],"status":"Unreachable","readers":1,"version":"1.3.9","lastSeen":"@30s-ago","self":false}
        ]}
        """;

    private const string Readers = """
        {"readers":[
          {"id":"kiosk-1.virtual-pcd-0-00","station":"kiosk-1","name":"Virtual PCD 00 00","state":"Attached","atr":"3B8A8001","protocol":"T1","cardType":"ISO/IEC 7816-4","autoAttach":true,"lastError":null},
          {"id":"kiosk-2.virtual-pcd-0-01","station":"kiosk-2","name":"Virtual PCD 00 01","state":"Unreachable","atr":null,"protocol":null,"cardType":null,"autoAttach":null,"lastError":null}
        ],"unavailable":[]}
        """;

    private FakeFleetNode _node = null!;

    public async Task InitializeAsync() => _node = await FakeFleetNode.StartAsync(new Dictionary<string, (int, string)>
    {
        ["/api/stations"] = (200, Stations),
        ["/api/readers"] = (200, Readers),
        ["/api/readers/kiosk-1.virtual-pcd-0-00/attach"] =
            (200, """{"readerId":"kiosk-1.virtual-pcd-0-00","session":"s-1","protocol":"T1","shareMode":"Shared","atr":"3B8A8001"}"""),
        ["/api/readers/kiosk-2.virtual-pcd-0-01/transmit"] = (503, UnreachableProblem),
    });

    public Task DisposeAsync() => _node.DisposeAsync().AsTask();

    [Fact]
    public async Task Stations_prints_every_member_with_roles_status_readers_version_and_last_seen()
    {
        var (exit, table, error) = await FleetProcess.RunAsync("stations", "--url", _node.Url);

        Assert.True(exit == ExitCodes.Ok, error);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+ADDRESS\s+ROLES\s+STATUS\s+READERS\s+VERSION\s+LAST SEEN$", lines[0]);
        Assert.Matches(@"^console\s+akka\.tcp://fleet@127\.0\.0\.1:4055\s+console\s+Up\s+0\s+1\.4\.0\s+now$", lines[1]);
        Assert.Matches(@"^kiosk-1\s+\S+:4053\s+station\s+Up\s+2\s+1\.4\.0\s+now$", lines[2]);
        Assert.Matches(@"^kiosk-2\s+\S+:4054\s+station\s+Unreachable\s+1\s+1\.3\.9\s+(30|31|32) s ago$", lines[3]);
    }

    [Fact]
    public async Task Readers_shows_the_station_column_and_sends_the_filters_as_escaped_query_parameters()
    {
        var (exit, table, error) = await FleetProcess.RunAsync("readers", "--station", "kiosk-1", "--state", "Attached",
            "--card-type", "ISO/IEC 7816-4", "--url", _node.Url);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("GET /api/readers?station=kiosk-1&state=Attached&cardType=ISO%2FIEC%207816-4", _node.Requests);
        Assert.Matches(@"^ID\s+STATION\s+STATE\s+CARD\s+", table);
        Assert.Matches(@"\nkiosk-1\.virtual-pcd-0-00\s+kiosk-1\s+Attached\s+ISO/IEC 7816-4\s+3B8A8001", table);
        Assert.Matches(@"\nkiosk-2\.virtual-pcd-0-01\s+kiosk-2\s+Unreachable\s", table);
    }

    [Fact]
    public async Task A_fleet_wide_id_travels_as_it_is_and_anything_else_in_an_id_stays_inside_its_path_segment()
    {
        var (exit, attached, error) = await FleetProcess.RunAsync("attach", "kiosk-1.virtual-pcd-0-00", "--url", _node.Url);
        var (oddExit, _, oddError) = await FleetProcess.RunAsync("detach", "a/b?c#d%e f", "--url", _node.Url);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("attached kiosk-1.virtual-pcd-0-00", attached, StringComparison.Ordinal);
        Assert.Contains("POST /api/readers/kiosk-1.virtual-pcd-0-00/attach", _node.Requests);
        Assert.Equal(ExitCodes.Failed, oddExit);
        Assert.Contains("404 UnknownReader", oddError, StringComparison.Ordinal);
        Assert.Contains("POST /api/readers/a%2Fb%3Fc%23d%25e%20f/detach", _node.Requests);
    }

    [Theory]
    [InlineData("readers", "..")]
    [InlineData("attach", ".")]
    [InlineData("readers", "kiosk-1.virtual-pcd-0-00", "--state", "Attached")]
    public async Task An_id_a_url_would_collapse_or_a_filter_beside_one_reader_is_a_usage_error_sent_nowhere(params string[] args)
    {
        var (exit, _, error) = await FleetProcess.RunAsync([.. args, "--url", _node.Url]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Empty(_node.Requests);
    }

    [Fact]
    public async Task A_reader_of_an_unreachable_station_exits_4_naming_the_station()
    {
        var (exit, output, error) = await FleetProcess.RunAsync("apdu", "kiosk-2.virtual-pcd-0-01", "00A4040000", "--url", _node.Url);
        var (jsonExit, json, _) = await FleetProcess.RunAsync("apdu", "kiosk-2.virtual-pcd-0-01", "00A4040000", "--json", "--url", _node.Url);

        Assert.Equal((ExitCodes.Unavailable, ExitCodes.Unavailable), (exit, jsonExit));
        Assert.Empty(output);
        Assert.Contains("fleet: 503 StationUnreachable: station kiosk-2 is unreachable", error, StringComparison.Ordinal);
        Assert.Contains("station kiosk-2 is unreachable from 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("`fleet stations`", error, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"StationUnreachable\"", json, StringComparison.Ordinal);
    }
}

using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Cluster.Events;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Events;

/// <summary>Other stations' events arrive as <see cref="StationEventBatch"/> on the EventStream (the cluster's relay puts
/// them there): the bridge journals them with their station and fleet-wide reader ids, and they never become readers
/// this station knows (which bound its metric labels and activity). This station's own events carry its name.</summary>
public sealed class StationEventBatchTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly StationUnderTest _station = shared.Station;

    private FleetEventJournal Journal => _station.App.Services.GetRequiredService<FleetEventJournal>();

    private string SelfName => _station.App.Services.GetRequiredService<IFleetTopology>().SelfName;

    [Fact]
    public async Task A_batch_of_another_station_is_journaled_in_order_with_its_station_and_fleet_wide_reader_ids()
    {
        var before = Journal.LastId;

        Publish(new StationEventBatch("kiosk-7", [
            new ReaderAdded(new ReaderId("remote-reader-7"), "Remote Reader 7", At),
            new CardInserted(new ReaderId("remote-reader-7"), [0x3B, 0x00], 3, false, At),
            new ServiceRestored(null, 2, At),
        ]));

        var records = await RecordsOfAsync(before, "kiosk-7", 3);
        Assert.Equal(["ReaderAdded", "CardInserted", "ServiceRestored"], records.Select(r => r.Type));
        Assert.Equal(["kiosk-7.remote-reader-7", "kiosk-7.remote-reader-7", null], records.Select(r => r.ReaderId));
        Assert.Equal("3B00", records[1].Data["atr"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_stations_readers_never_become_readers_this_station_knows()
    {
        var known = _station.App.Services.GetRequiredService<KnownReaders>();
        var before = Journal.LastId;

        Publish(new StationEventBatch("kiosk-8", [new ReaderAdded(new ReaderId("remote-reader-8"), "Remote Reader 8", At)]));
        await RecordsOfAsync(before, "kiosk-8", 1);

        Assert.False(known.Contains("remote-reader-8"));
        Assert.False(known.Contains("kiosk-8.remote-reader-8"));
    }

    [Fact]
    public async Task A_batch_named_after_this_station_is_not_journaled_twice_and_a_name_that_is_no_station_name_not_at_all()
    {
        var before = Journal.LastId;

        Publish(new StationEventBatch(SelfName, [new ServiceRestored(null, 1, At)]));
        Publish(new StationEventBatch("Not A Station", [new ServiceRestored(null, 1, At)]));
        Publish(new StationEventBatch("kiosk-9", [new ServiceRestored(null, 9, At)]));

        // The bridge handles batches in order, so once kiosk-9's is in, the two before it were handled.
        await RecordsOfAsync(before, "kiosk-9", 1);
        Assert.DoesNotContain(Journal.Since(before), r => r.Type == "ServiceRestored" && r.Station != "kiosk-9");
    }

    [Fact]
    public async Task This_stations_own_events_carry_its_name_and_keep_their_bare_reader_id_when_standalone()
    {
        var before = Journal.LastId;

        Publish(new CardRemoved(new ReaderId("own-event-reader"), 4, At));

        var record = await Eventually.GetAsync(() => Task.FromResult(Journal.Since(before).FirstOrDefault(r => r.Type == "CardRemoved"
                && r.ReaderId == "own-event-reader")), TimeSpan.FromSeconds(5), "the station's own CardRemoved in the journal");
        Assert.Equal(SelfName, record.Station);
    }

    private void Publish(object message) => _station.App.Services.GetRequiredService<ActorSystem>().EventStream.Publish(message);

    private async Task<IReadOnlyList<FleetEventRecord>> RecordsOfAsync(long after, string station, int count) =>
        await Eventually.GetAsync(() =>
        {
            var records = Journal.Since(after).Where(r => r.Station == station).ToList();
            return Task.FromResult(records.Count >= count ? records : null);
        }, TimeSpan.FromSeconds(5), $"{count} event(s) of {station} in the journal");
}

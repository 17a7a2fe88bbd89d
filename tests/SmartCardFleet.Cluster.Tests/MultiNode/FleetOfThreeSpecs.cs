using SmartCardFleet.Cluster.Tests.Support;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.VirtualCards.Cards.Contactless;

namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>Two stations and a console on loopback: they join, agree on who owns which reader, command each other's
/// readers and see each other's events.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class FleetOfThreeSpecs(TwoStationsAndAConsole fleet) : IClassFixture<TwoStationsAndAConsole>
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Two_stations_and_a_console_join_and_every_node_sees_all_three_Up_with_their_roles()
    {
        await fleet.Fleet.AwaitAllUpAsync();

        foreach (var node in fleet.Fleet.Nodes)
        {
            var view = node.Topology.Current;
            Assert.Equal(node.Name, view.SelfName);
            Assert.Equal(node.Name, Assert.Single(view.Stations, s => s.IsSelf).Name);
            Assert.Equal(NodeRole.Station, view.Find("station-a")!.Role);
            Assert.Equal(NodeRole.Station, view.Find("station-b")!.Role);
            Assert.Equal(NodeRole.Console, view.Find("console")!.Role);
            Assert.Equal(fleet.StationB.Seed, Address(view.Find("station-b")!));
        }
    }

    [Fact]
    public async Task Every_node_directory_lists_every_station_readers_under_the_station_that_owns_them()
    {
        await Eventually.AssertAsync(() =>
        {
            foreach (var node in fleet.Fleet.Nodes)
            {
                var view = node.Topology.Current;
                foreach (var station in new[] { fleet.StationA, fleet.StationB })
                {
                    var listed = view.Find(station.Name);
                    Assert.Equal(station.ReaderIds, listed.Ids());
                    Assert.Equal(Enumerable.Range(0, 3).Select(i => NodeSetup.ReaderName(station.Name, i)),
                        listed!.Readers.OrderBy(r => r.Id.Value, StringComparer.Ordinal).Select(r => r.Name));
                }

                Assert.Empty(view.Find("console")?.Readers ?? [new DirectoryReader(new ReaderId("missing"), "the console is not in the view")]);
            }
        }, LocalFleet.Deadline);
    }

    [Fact]
    public async Task A_reader_request_from_another_node_runs_on_the_owning_station_and_answers_from_its_reader()
    {
        var reader = fleet.StationB.ReaderIds[1];
        byte[] uid = [0x0B, 0x0B, 0x0B, 0x01];
        fleet.StationB.Pcsc!.GetReader(NodeSetup.ReaderName("station-b", 1)).Insert(new StorageCard(uid));
        await fleet.Fleet.AwaitAllUpAsync();

        Assert.Same(StationRoute.Local.Instance, fleet.StationA.Topology.Route("station-a"));
        Assert.IsType<StationRoute.Unknown>(fleet.StationA.Topology.Route("station-z"));
        Assert.IsType<StationRoute.Unknown>(fleet.StationA.Topology.Route("console"));

        foreach (var caller in new[] { fleet.Console, fleet.StationA })
        {
            var route = Assert.IsType<StationRoute.Remote>(caller.Topology.Route("station-b"));
            var readers = new ReaderRequests(caller.System, route.ReaderManager);

            // The station attaches an inserted card by itself (auto-attach); the caller detaches it and attaches its own.
            await Eventually.AssertAsync(async () =>
            {
                var status = Success(await readers.RequestAsync(reader, GetStatus.Instance, AskTimeout));
                Assert.Equal(NodeSetup.ReaderName("station-b", 1), status.ReaderName);
                Assert.NotNull(status.Session);
            }, LocalFleet.Deadline);

            Success(await readers.RequestAsync(reader, new Detach(), AskTimeout));
            var attached = Success(await readers.RequestAsync(reader, new Attach(), AskTimeout));
            Assert.Equal(reader, attached.ReaderId);
            var uidRead = Success(await readers.RequestAsync(reader, new Transmit([0xFF, 0xCA, 0x00, 0x00, 0x00]), AskTimeout));
            Assert.Equal(uid, uidRead.Data);
            Assert.Equal(0x9000, uidRead.StatusWord);

            var list = Success(await route.ReaderManager.RequestAsync(ListReaders.Instance, AskTimeout));
            Assert.Equal(fleet.StationB.ReaderIds, list.Readers.Select(r => r.ReaderId));
        }
    }

    [Fact]
    public async Task A_card_inserted_on_one_station_arrives_on_the_other_nodes_as_that_station_batch()
    {
        var onA = BatchRecorder.On(fleet.StationA);
        var onConsole = BatchRecorder.On(fleet.Console);
        var ownBatches = BatchRecorder.On(fleet.StationB);
        var readerName = NodeSetup.ReaderName("station-b", 2);
        var reader = fleet.StationB.Pcsc!.GetReader(readerName);
        await fleet.Fleet.AwaitAllUpAsync();

        // The subscription to the events topic spreads by gossip after Up; an insertion published before it reached
        // station-b is not delivered, so the card goes in again until one arrives (each insertion is a new event).
        await Eventually.AssertAsync(async () =>
        {
            if (reader.Card is not null)
            {
                reader.Remove();
            }

            reader.Insert(new StorageCard());
            await Eventually.AssertAsync(() =>
            {
                Assert.Contains(onA.Batches, b => IsInsertionOn(b, "station-b", fleet.StationB.ReaderIds[2]));
                Assert.Contains(onConsole.Batches, b => IsInsertionOn(b, "station-b", fleet.StationB.ReaderIds[2]));
            }, TimeSpan.FromSeconds(3));
        }, LocalFleet.Deadline);

        Assert.DoesNotContain(ownBatches.Batches, b => b.Station == "station-b");
    }

    private static bool IsInsertionOn(Events.StationEventBatch batch, string station, ReaderId reader) =>
        batch.Station == station && batch.Events.OfType<CardInserted>().Any(e => e.ReaderId == reader);

    private static T Success<T>(ReaderReply<T> reply)
        where T : class
    {
        Assert.True(reply.IsSuccess, reply.Failure?.ToString());
        return reply.Value!;
    }

    /// <summary>"host:port" of a member's address ("akka.tcp://fleet@127.0.0.1:4053" or already "127.0.0.1:4053").</summary>
    private static string Address(StationView station) => station.Address[(station.Address.IndexOf('@', StringComparison.Ordinal) + 1)..];
}

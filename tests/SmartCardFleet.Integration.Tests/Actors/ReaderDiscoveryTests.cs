using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>The ReaderManager finds the 16 real readers and names them the same way every time.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class ReaderDiscoveryTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    [Fact]
    public void All_16_fleet_readers_appear_with_ids_derived_from_their_names_and_keep_them_in_a_new_station()
    {
        var expected = Fleet.Layout.Readers.ToDictionary(r => ReaderId.FromReaderName(r.ReaderName), r => r.ReaderName);

        var manager = StartStation();

        manager.Tell(ListReaders.Instance, TestActor);
        var list = ExpectMsg<ReaderList>(Wait);
        Assert.Empty(list.Unavailable);
        Assert.Equal(Sorted(expected.Keys), Sorted(list.Readers.Select(r => r.ReaderId)));
        Assert.All(list.Readers, r =>
        {
            Assert.Equal(expected[r.ReaderId], r.ReaderName);
            Assert.Equal(ReaderState.NoCard, r.State);
        });
        // One context per reader actor plus the monitor's (docs/pcsc-notes.md §1).
        AwaitCondition(() => Pcsc.OpenContexts == 17, Wait);

        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager, Wait);
        AwaitCondition(() => Pcsc.OpenContexts == 0, Wait, "the stopped station released every context");

        var again = StartStation();
        again.Tell(ListReaders.Instance, TestActor);
        Assert.Equal(Sorted(expected.Keys), Sorted(ExpectMsg<ReaderList>(Wait).Readers.Select(r => r.ReaderId)));
    }

    [Fact]
    public void A_request_for_a_reader_id_that_is_not_on_the_station_is_answered_UnknownReader()
    {
        var manager = StartStation();

        var failure = Assert.IsType<ReaderFailure>(RequestAny(manager, new ReaderId("no-such-reader"), GetStatus.Instance));

        Assert.Equal(ReaderFailureReason.UnknownReader, failure.Reason);
        Assert.Contains("no-such-reader", failure.Message, StringComparison.Ordinal);
    }

    private static List<string> Sorted(IEnumerable<ReaderId> ids) => [.. ids.Select(id => id.Value).Order(StringComparer.Ordinal)];
}

using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Events;

/// <summary>
/// ReaderBlocked/ReaderUnblocked are what an operator watches when another process sits on a card's transaction: the
/// journal (and so /api/events and the dashboard) must carry which call is stuck, since when, and for how long.
/// Published on the station's real EventStream, so the bridge and the mapper are both on the path.
/// </summary>
public sealed class BlockingEventJournalTests(SharedStation shared) : IClassFixture<SharedStation>
{
    // Not a reader of the simulated station: nothing else publishes for it.
    private static readonly ReaderId Reader = new("blocking-event-test");
    private static readonly DateTimeOffset Since = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task ReaderBlocked_reaches_the_journal_with_its_operation_and_since()
    {
        var record = await PublishAndReadAsync(new ReaderBlocked(Reader, "SCardBeginTransaction", Since, Since.AddSeconds(2)));

        Assert.Equal("ReaderBlocked", record.Type);
        Assert.Equal("SCardBeginTransaction", record.Data["operation"]?.GetValue<string>());
        Assert.Equal(Since, record.Data["since"]?.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task ReaderUnblocked_reaches_the_journal_with_its_operation_and_how_long_it_was_blocked()
    {
        var record = await PublishAndReadAsync(
            new ReaderUnblocked(Reader, "SCardConnect", TimeSpan.FromMilliseconds(12_345), Since.AddSeconds(13)));

        Assert.Equal("ReaderUnblocked", record.Type);
        Assert.Equal("SCardConnect", record.Data["operation"]?.GetValue<string>());
        Assert.Equal(12_345d, record.Data["blockedForMs"]?.GetValue<double>());
    }

    private async Task<FleetEventRecord> PublishAndReadAsync(IFleetEvent fleetEvent)
    {
        var journal = _station.App.Services.GetRequiredService<FleetEventJournal>();
        var before = journal.LastId;
        _station.App.Services.GetRequiredService<ActorSystem>().EventStream.Publish(fleetEvent);
        return await Eventually.GetAsync(
            () => Task.FromResult(journal.Since(before).FirstOrDefault(r => r.ReaderId == Reader.Value && r.Type == fleetEvent.GetType().Name)),
            TimeSpan.FromSeconds(5), $"{fleetEvent.GetType().Name} in the event journal");
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Events;

/// <summary>Durable events: a client that reconnects with its Last-Event-ID after the station was restarted on the same
/// database (a real SQLite file) gets every event it missed, the old run's from the database and the new run's live,
/// in id order and none twice.</summary>
public sealed class DurableEventWindowTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_client_reconnecting_after_a_restart_gets_the_events_in_between_from_the_database_and_then_the_live_ones_none_twice()
    {
        var data = Directory.CreateTempSubdirectory("fleet-durable-events-").FullName;
        var overrides = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data };

        FleetEventJournal firstRun;
        long lastSeen;
        await using (var first = await StationUnderTest.StartAsync(readers: 2, overrides: overrides))
        {
            firstRun = first.App.Services.GetRequiredService<FleetEventJournal>();
            using (var stream = await SseReader.OpenAsync(first.Http, null))
            {
                first.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
                lastSeen = (await stream.NextAsync(e => Type(e) == "CardInserted", Wait)).Id;
            }

            // Missed by the client, which is gone: a second card and its removal.
            first.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
            await first.WaitForStateAsync(1, "Attached");
            first.Reader(1).Remove();
            await first.WaitForStateAsync(1, "NoCard");
        }

        // Everything the first run published, including what its shutdown added, after the client's last id.
        var missed = firstRun.Since(lastSeen).Select(r => r.Id).ToList();
        Assert.Contains(firstRun.Since(lastSeen), r => r.Type == "CardRemoved");

        await using var second = await StationUnderTest.StartAsync(readers: 2, overrides: overrides,
            services: s => s.AddSingleton<TimeProvider>(new ShiftedTimeProvider(TimeSpan.FromMinutes(5))));
        var secondRun = second.App.Services.GetRequiredService<FleetEventJournal>();
        Assert.True(secondRun.FirstId > missed[^1], "the restarted station's ids continue above the first run's");
        second.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await second.WaitForStateAsync(0, "Attached");

        using var resumed = await SseReader.OpenAsync(second.Http, lastSeen);
        var received = new List<long>();
        SseEvent next;
        do
        {
            next = await resumed.NextAsync(_ => true, Wait);
            received.Add(next.Id);
        }
        while (!(next.Id >= secondRun.FirstId && Type(next) == "CardInserted") && received.Count < 1_000);

        var expected = missed.Concat(secondRun.Since(null).Select(r => r.Id)).Take(received.Count).ToList();
        Assert.Equal(expected, received);
        Assert.Equal(received.Count, received.Distinct().Count());
    }

    [Fact]
    public async Task A_station_restarted_with_its_clock_set_back_numbers_its_events_above_the_stored_ones_and_stores_them()
    {
        var data = Directory.CreateTempSubdirectory("fleet-durable-events-").FullName;
        var overrides = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data };
        FleetEventJournal firstRun;
        await using (var first = await StationUnderTest.StartAsync(readers: 1, overrides: overrides))
        {
            firstRun = first.App.Services.GetRequiredService<FleetEventJournal>();
            firstRun.Append("TestEvent", null, DateTimeOffset.UtcNow, new JsonObject { ["run"] = 1 });
        }

        // Including what the first run's shutdown published (stored at stop).
        var storedLast = firstRun.LastId;

        // An hour earlier: numbered by the clock alone, this run's ids would be the first run's again.
        await using var second = await StationUnderTest.StartAsync(readers: 1, overrides: overrides,
            services: s => s.AddSingleton<TimeProvider>(new ShiftedTimeProvider(TimeSpan.FromHours(-1))));
        var secondRun = second.App.Services.GetRequiredService<FleetEventJournal>();
        Assert.True(FleetEventJournal.FirstIdOfRunStartedAt(DateTimeOffset.UtcNow.AddHours(-1)) < storedLast, "the clock is behind the stored ids");
        Assert.True(secondRun.FirstId > storedLast, $"first id {secondRun.FirstId} is not above the stored {storedLast}");

        var appended = secondRun.Append("TestEvent", null, DateTimeOffset.UtcNow, new JsonObject { ["run"] = 2 });
        var stored = await Eventually.GetAsync(async () => (await secondRun.Window!.ReadAfterAsync(storedLast, 100, default))
            .FirstOrDefault(e => e.Id == appended.Id), Wait, "the second run's event in the database");
        Assert.Contains("\"run\":2", stored.DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_further_behind_than_the_ring_gets_the_older_events_from_the_database_and_the_rest_from_memory_none_twice()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);
        var journal = station.App.Services.GetRequiredService<FleetEventJournal>();
        var from = journal.LastId;
        // More than the ring keeps, appended faster than the writer stores them: the stream must wait for the writer
        // for the ids that left memory, and take the rest from memory without repeating the boundary.
        const int Appended = FleetEventJournal.DefaultCapacity + 500;
        for (var i = 0; i < Appended; i++)
        {
            journal.Append("TestEvent", null, DateTimeOffset.UtcNow, new JsonObject { ["n"] = i });
        }

        var last = journal.LastId;
        Assert.True(journal.Since(from).Count < last - from, "the ring no longer holds the client's next event");

        using var resumed = await SseReader.OpenAsync(station.Http, from);
        var received = new List<long>();
        while (received.Count == 0 || received[^1] < last)
        {
            received.Add((await resumed.NextAsync(_ => true, Wait)).Id);
        }

        Assert.Equal(Enumerable.Range(1, (int)(last - from)).Select(i => from + i), received);
    }

    private static string Type(SseEvent e) => e.Data["type"]!.GetValue<string>();
}

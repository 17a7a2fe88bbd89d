using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Enrollment.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>Jobs on the simulated PC/SC with the real NDEF plugin and the journal in a SQLite file: one row per card
/// insertion, retries on the next card, a card pulled in the middle of its row.</summary>
public class JobRunSpecs(ITestOutputHelper output) : JobSpec(output)
{
    [Fact]
    public async Task Each_card_takes_the_next_row_once_and_a_card_left_in_its_reader_takes_no_second_row()
    {
        var station = StartStation();
        var job = await station.CreateAsync(StationRun.UriJob(3, "https://a.example/1", "https://a.example/2"));
        var first = new CountingTag(1);
        var second = new CountingTag(2);

        station.Pcsc.AddReader("Kiosk 1").Insert(first);
        var ended = station.ExpectRowEnded("r1", RowState.Succeeded);
        station.Pcsc.AddReader("Kiosk 2").Insert(second);
        station.ExpectRowEnded("r2", RowState.Succeeded);

        // The first card stayed in its reader while r2 was pending: r2 went to the second card, not to it again.
        Assert.Equal(1, first.Writes);
        Assert.Equal(1, second.Writes);
        Assert.Equal(NdefMessages.Uri("https://a.example/1"), first.Message);
        Assert.Equal(NdefMessages.Uri("https://a.example/2"), second.Message);
        Assert.Equal(("kiosk-1", first.Uid), (ended.Attempt.ReaderId, ended.Attempt.Uid));
        var view = await station.GetAsync(job.Summary.JobId);
        Assert.Equal((JobState.Completed, 2, 0), (view.Summary.State, view.Summary.Succeeded, view.Summary.Pending));
        Assert.All(view.Rows, row => Assert.Equal(1, row.Attempts));
    }

    [Fact]
    public async Task A_refused_row_waits_behind_never_tried_rows_and_fails_for_good_after_its_last_attempt()
    {
        var station = StartStation();
        var job = await station.CreateAsync(StationRun.UriJob(2, "https://b.example/1", "https://b.example/2"));
        var reader = station.Pcsc.AddReader("Kiosk 1");

        var refusing = new CountingTag(1) { FailWrites = true };
        reader.Insert(refusing);
        var failed = station.ExpectRowEnded("r1", RowState.Pending);
        Assert.StartsWith("CardError", failed.Attempt.Error, StringComparison.Ordinal);
        reader.Remove();

        var good = new CountingTag(2);
        reader.Insert(good);
        station.ExpectRowEnded("r2", RowState.Succeeded);
        reader.Remove();

        reader.Insert(new CountingTag(3) { FailWrites = true });
        station.ExpectRowEnded("r1", RowState.Failed);

        var view = await station.GetAsync(job.Summary.JobId);
        Assert.Equal((JobState.Completed, 1, 1), (view.Summary.State, view.Summary.Succeeded, view.Summary.Failed));
        Assert.Equal(2, view.Rows.Single(r => r.RowId == "r1").Attempts);
        Assert.Equal(NdefMessages.Uri("https://b.example/2"), good.Message);
    }

    [Fact]
    public async Task A_card_pulled_mid_row_leaves_it_in_doubt_the_next_card_continues_and_the_same_card_is_verified_when_it_returns()
    {
        var station = StartStation();
        var job = await station.CreateAsync(StationRun.UriJob(3, "https://c.example/1", "https://c.example/2"));
        var pulled = new CountingTag(1) { PullDuringWrite = true };
        var reader = station.Pcsc.AddReader("Kiosk 1");

        reader.Insert(pulled);
        var doubt = station.ExpectRowEnded("r1", RowState.InDoubt);
        Assert.Equal(pulled.Uid, doubt.Attempt.Uid);

        var next = new CountingTag(2);
        reader.Insert(next);
        station.ExpectRowEnded("r2", RowState.Succeeded);
        reader.Remove();

        // The pulled card comes back: the verify operation finds it not written, so r1 runs on it now, once.
        reader.Insert(pulled);
        station.ExpectRowEnded("r1", RowState.Succeeded);
        Assert.Equal((1, 1), (pulled.Writes, next.Writes));
        Assert.Equal(NdefMessages.Uri("https://c.example/1"), pulled.Message);
        Assert.Equal(JobState.Completed, (await station.GetAsync(job.Summary.JobId)).Summary.State);
    }
}

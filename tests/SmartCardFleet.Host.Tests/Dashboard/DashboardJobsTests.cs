using Microsoft.Playwright;
using SmartCardFleet.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SmartCardFleet.Host.Tests.Dashboard;

/// <summary>The jobs panel in headless Chromium: progress bars, a job's rows with their cards, the in-doubt decision,
/// pause, live updates from job events, and "remove card" on a reader whose row is done. The page and its readers are
/// the real station's; the job API and the event stream are <see cref="FakeJobsApi"/>'s.</summary>
public sealed class DashboardJobsTests : IAsyncLifetime
{
    private readonly FakeJobsApi _jobs = new();
    private HeadlessChromium _chromium = null!;
    private StationUnderTest _station = null!;

    public async Task InitializeAsync()
    {
        _station = await StationUnderTest.StartAsync(readers: 3);
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _station.DisposeAsync();
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await _chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await _jobs.AnswerAsync(page);
        await page.GotoAsync(_station.BaseAddress.ToString());
        await Expect(page.Locator(".tile")).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Expect(page.Locator("#jobs .job")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        return page;
    }

    [Fact]
    public async Task A_job_shows_its_progress_and_rows_with_their_cards_and_errors_as_text()
    {
        var page = await OpenAsync();
        var job = page.Locator("#jobs .job[data-job='job-1']");

        await Expect(job.Locator(".job-counts")).ToHaveTextAsync("1/4 succeeded, 1 failed, 1 in doubt, 1 pending");
        await Expect(job.Locator(".segment.Succeeded")).ToHaveAttributeAsync("style", "width: 25%;");
        await job.ClickAsync();

        var rows = page.Locator("#job-rows tbody tr");
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = 5000 });
        await Expect(page.Locator("#job-rows tr[data-row='alice'] .row-card")).ToHaveTextAsync("04A1B2C3");
        await Expect(page.Locator("#job-rows tr[data-row='alice'] .row-reader")).ToHaveTextAsync("simulated-reader-00");
        await Expect(page.Locator("#job-rows tr[data-row='bob'] .row-error")).ToContainTextAsync("<img src=x");
        await Expect(page.Locator("#job-rows img")).ToHaveCountAsync(0);
        Assert.NotEqual("pwned", await page.TitleAsync());
        await Expect(page.Locator("#job-rows tr[data-row='carol'] button")).ToHaveCountAsync(2);
        await Expect(page.Locator("#job-rows tr[data-row='alice'] button")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Run_again_and_pause_send_their_commands_and_show_the_answer()
    {
        var page = await OpenAsync();
        await page.Locator("#jobs .job[data-job='job-1']").ClickAsync();

        await page.Locator("#job-rows tr[data-row='carol'] button.run-again").ClickAsync();
        await Expect(page.Locator("#job-rows tr[data-row='carol'] .row-state")).ToHaveTextAsync("Pending", new() { Timeout = 5000 });
        await page.Locator("#job-detail button.pause").ClickAsync();
        await Expect(page.Locator("#job-detail button.resume")).ToBeVisibleAsync(new() { Timeout = 5000 });

        Assert.Contains(_jobs.Requests, r => r is { Method: "POST", Path: "/api/jobs/job-1/rows/carol/decision", Body: "{\"decision\":\"RunAgain\"}" });
        Assert.Contains(_jobs.Requests, r => r is { Method: "POST", Path: "/api/jobs/job-1/pause" });
        await Expect(page.Locator("#jobs .job[data-job='job-1'] .job-state")).ToHaveTextAsync("Paused");
    }

    [Fact]
    public async Task A_finished_job_is_deleted_only_once_the_user_confirms_and_then_leaves_the_list()
    {
        _jobs.JobState = "Cancelled";
        var page = await OpenAsync();
        await page.Locator("#jobs .job[data-job='job-1']").ClickAsync();
        await Expect(page.Locator("#job-detail button.delete")).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Expect(page.Locator("#job-detail button.cancel")).ToHaveCountAsync(0);
        var asked = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };

        await page.Locator("#job-detail button.delete").ClickAsync();
        await Expect(page.Locator("#jobs .job[data-job='job-1']")).ToHaveCountAsync(1);

        accept = true;
        await page.Locator("#job-detail button.delete").ClickAsync();
        await Expect(page.Locator("#jobs .job[data-job='job-1']")).ToHaveCountAsync(0, new() { Timeout = 5000 });
        await Expect(page.Locator("#job-detail")).ToBeHiddenAsync();
        // One DELETE: the dismissed confirmation sent none (had it, the job would have left the list before the second click).
        Assert.Equal("/api/jobs/job-1", Assert.Single(_jobs.Requests, r => r.Method == "DELETE").Path);
        Assert.Equal(2, asked.Count);
        Assert.All(asked, message => Assert.Equal("Delete job job-1? Its rows' outcomes stay in the audit journal.", message));
    }

    [Fact]
    public async Task Job_events_show_a_new_job_live_and_a_done_row_asks_to_remove_its_card_until_it_is_removed()
    {
        var page = await OpenAsync();
        var tile = page.Locator("[data-reader='simulated-reader-02']");
        await Expect(tile.Locator(".remove-card")).ToBeHiddenAsync();

        // A job the list endpoint does not have: only the event can draw it.
        _jobs.Push("JobProgressed", null, FakeJobsApi.Summary("Running", succeeded: 2, inDoubt: 0, jobId: "job-2"));
        _jobs.Push("JobRowEnded", "simulated-reader-02", new
        {
            jobId = "job-1", rowId = "carol", state = "Succeeded",
            attempt = new { station = "test", readerId = "simulated-reader-02", atr = "3B", uid = (string?)null, startedAt = DateTimeOffset.UtcNow },
        });

        await Expect(page.Locator("#jobs .job[data-job='job-2'] .job-counts")).ToHaveTextAsync("2/4 succeeded, 1 failed, 0 in doubt, 1 pending",
            new() { Timeout = 5000 });
        await Expect(tile.Locator(".remove-card")).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Expect(page.Locator("[data-reader='simulated-reader-01'] .remove-card")).ToBeHiddenAsync();

        _jobs.Push("CardRemoved", "simulated-reader-02", new { });

        await Expect(tile.Locator(".remove-card")).ToBeHiddenAsync(new() { Timeout = 5000 });
    }
}

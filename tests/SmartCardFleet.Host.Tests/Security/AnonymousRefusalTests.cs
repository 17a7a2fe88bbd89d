using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>A client without a token cannot flood the audit journal: its refusals are folded per action and interval
/// (the clock moved by hand), while an identified caller's refusals stay one entry each (over HTTP).</summary>
public sealed class AnonymousRefusalTests(SecuredStation secured) : IClassFixture<SecuredStation>
{
    private static AuditEntry Refusal(ManualTimeProvider clock, string action, int status = 401) =>
        new(clock.GetUtcNow(), "station-a", "r-1", null, null, ConfiguredTokens.AnonymousName, action, "{\"id\":\"r-1\"}",
            AuditOutcome.Refused, status, "Unauthorized");

    [Fact]
    public void The_first_anonymous_refusal_of_an_interval_is_recorded_and_the_rest_become_one_summary_with_their_count()
    {
        var clock = new ManualTimeProvider();
        var journal = new InMemoryAuditJournal();
        using var refusals = new AnonymousRefusals(journal, clock);

        for (var i = 0; i < 500; i++)
        {
            refusals.Record(Refusal(clock, "reader.transmit"));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        refusals.Record(Refusal(clock, "session.login"));
        Assert.Equal(["reader.transmit", "session.login"], journal.Entries.Select(e => e.Action));

        clock.Advance(AnonymousRefusals.Interval);
        var entries = journal.Entries;
        Assert.Equal(3, entries.Count);
        var summary = entries[2];
        Assert.Equal(("reader.transmit", AuditOutcome.Refused, 401, "anonymous"), (summary.Action, summary.Outcome, summary.Status, summary.Who));
        Assert.Equal(499, JsonNode.Parse(summary.What!)!["folded"]!.GetValue<int>());
        Assert.Contains("499 more anonymous refusal", summary.Detail, StringComparison.Ordinal);

        // The next interval starts with an entry of its own again; nothing was folded into session.login's.
        refusals.Record(Refusal(clock, "reader.transmit"));
        clock.Advance(AnonymousRefusals.Interval);
        Assert.Equal(4, journal.Entries.Count);
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public async Task Hundreds_of_requests_without_a_token_leave_a_few_entries_that_count_them_all_and_a_viewers_refusals_stay_one_each()
    {
        const int Sent = 300;
        using var anonymous = secured.Client(null);
        using var viewer = secured.Client(SecuredStation.ViewerToken);
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < Sent; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/plugins/reload", null)).StatusCode);
        }

        var elapsed = DateTimeOffset.UtcNow - started;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/plugins/reload", new { })).StatusCode);
        }

        // Every refusal is accounted for: recorded itself, or counted in a summary once its interval ends.
        await Eventually.TrueAsync(() => Task.FromResult(Accounted() == Sent), TimeSpan.FromSeconds(10),
            $"the {Sent} anonymous refusals to be accounted for (now {Accounted()})");
        var anonymousEntries = Reloads("anonymous").Count;
        var intervals = (int)Math.Ceiling(elapsed / AnonymousRefusals.Interval) + 1;
        Assert.True(anonymousEntries <= 2 * intervals, $"{anonymousEntries} entries for {Sent} refusals in {elapsed.TotalSeconds:0.00} s");
        await secured.Audit.WaitForAsync(e => e.Who == "kiosk-viewer" && e.Action == "plugin.reload", "the viewer's refusals");
        await Eventually.TrueAsync(() => Task.FromResult(Reloads("kiosk-viewer").Count == 5), TimeSpan.FromSeconds(5),
            "one entry per refusal of the viewer");
        Assert.All(Reloads("kiosk-viewer"), e => Assert.Equal(403, e.Status));
    }

    private List<AuditEntry> Reloads(string who) => [.. secured.Audit.Entries.Where(e => e.Action == "plugin.reload" && e.Who == who)];

    private int Accounted() => Reloads("anonymous").Sum(e => JsonNode.Parse(e.What ?? "{}")?["folded"]?.GetValue<int>() ?? 1);
}

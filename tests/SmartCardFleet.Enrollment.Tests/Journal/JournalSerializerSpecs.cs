using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Enrollment.Hosting;
using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Enrollment.Tests.Journal;

/// <summary>Every journal event and snapshot goes through the enrollment serializer (id 614) with its own stable
/// manifest and comes back equal, through the serializer Akka picks from the configuration the station uses.</summary>
public class JournalSerializerSpecs() : TestKit(EnrollmentConfig.For(StorageSettings.SqliteFile("unused.db")))
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 23, 0, 0, TimeSpan.FromHours(1));

    private static readonly JobCreated Created = new("a1b2c3", "kiosk",
        new JobDefinition("badges", "org.smartcardfleet.ndef", "write-ndef-uri", new ReaderSelection("kiosk", "kiosk-*"),
            [new JobRow("r1", new JsonObject { ["uri"] = "https://x.example", ["pin"] = "1234" })], new RetryPolicy(2)), "alice", At);

    private static readonly RowAttempt Attempt = new("kiosk", "kiosk-1", "3B80800101", "04102030", At, At.AddSeconds(1), null, new JsonObject { ["length"] = 20 });

    public static TheoryData<string, object> Samples => new()
    {
        { "job.created", Created },
        { "job.row-started", new RowStarted("r1", "kiosk-1", 7, "3B80800101", null, At) },
        { "job.row-succeeded", new RowSucceeded("r1", new JsonObject { ["length"] = 20 }, true, At) },
        { "job.row-attempt-failed", new RowAttemptFailed("r1", "CardError: 65 81", At) },
        { "job.row-in-doubt", new RowInDoubt("r1", "Timeout: the card was reset", At) },
        { "job.row-released", new RowReleased("r1", "verified: not applied", At) },
        { "job.row-decided", new RowDecided("r1", RowDecision.RunAgain, "bob", At) },
        { "job.paused", new JobPaused("carol", At) },
        { "job.resumed", new JobResumed("carol", At) },
        { "job.cancelled", new JobCancelled("carol", At) },
        { "job.snapshot", new JobSnapshot(Created, JobState.Paused, "paused by carol", [new RowSnapshot(RowState.InDoubt, 2, Attempt)]) },
        { "job-index.registered", new JobRegistered("a1b2c3", At) },
        { "job-index.dropped", new JobDropped("a1b2c3", At) },
        { "job-index.snapshot", new JobIndexSnapshot(["a1b2c3", "d4e5f6"]) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_journal_message_round_trips_under_its_stable_manifest(string manifest, object sample)
    {
        var serializer = Assert.IsType<EnrollmentJournalSerializer>(Sys.Serialization.FindSerializerFor(sample));
        Assert.Equal(614, serializer.Identifier);
        Assert.Equal(manifest, Serialization.ManifestFor(serializer, sample));

        var back = Sys.Serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);

        // Records holding JSON nodes and lists compare by reference: their JSON, which is what the journal keeps, must match.
        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal(Json(serializer, sample), Json(serializer, back));
    }

    [Fact]
    public void Every_journal_type_has_a_sample() =>
        Assert.Equal(EnrollmentJournalSerializer.Manifests.Values.Order(), Samples.Select(row => (string)row[0]).Order());

    [Fact]
    public void An_unknown_manifest_is_refused_by_name()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(JobPaused));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "job.teleported"));
        Assert.Contains("job.teleported", error.Message, StringComparison.Ordinal);
    }

    private static string Json(Serializer serializer, object message) => System.Text.Encoding.UTF8.GetString(serializer.ToBinary(message));
}

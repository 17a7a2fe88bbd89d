using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace SmartCardFleet.Enrollment.Journal;

/// <summary>
/// Writes the job engine's journal events and snapshots as UTF-8 JSON (camelCase, enums by name) beside a short stable
/// manifest, so the journal never holds .NET type names and a stored job stays readable after types are renamed or
/// moved. A manifest is never reused or changed once released; a new event gets a new one (docs/messages.md).
/// </summary>
public sealed class EnrollmentJournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Stable: the journal stores it with every row (611, 612: Core; 613: Cluster).</summary>
    public const int Id = 614;

    internal static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(JobCreated)] = "job.created",
        [typeof(RowStarted)] = "job.row-started",
        [typeof(RowSucceeded)] = "job.row-succeeded",
        [typeof(RowAttemptFailed)] = "job.row-attempt-failed",
        [typeof(RowInDoubt)] = "job.row-in-doubt",
        [typeof(RowReleased)] = "job.row-released",
        [typeof(RowDecided)] = "job.row-decided",
        [typeof(JobPaused)] = "job.paused",
        [typeof(JobResumed)] = "job.resumed",
        [typeof(JobCancelled)] = "job.cancelled",
        [typeof(JobSnapshot)] = "job.snapshot",
        [typeof(JobRegistered)] = "job-index.registered",
        [typeof(JobDropped)] = "job-index.dropped",
        [typeof(JobIndexSnapshot)] = "job-index.snapshot",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> Types = Manifests.ToFrozenDictionary(e => e.Value, e => e.Key, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no enrollment journal manifest; add one in {nameof(EnrollmentJournalSerializer)}");
    }

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        !Types.TryGetValue(manifest, out var type)
            ? throw new SerializationException($"unknown enrollment journal manifest '{manifest}': the journal was written by a newer SmartCardFleet")
            : JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"the '{manifest}' entry is JSON null");
}

using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Events;

namespace SmartCardFleet.Storage.Tests.Support;

/// <summary>Audit entries and events for specs, with whole-microsecond times (the stored precision).</summary>
internal static class Entries
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AuditEntry Audit(int n, string station = "station-a", string? reader = "reader-1", string who = "alice",
        string action = "reader.transmit", AuditOutcome outcome = AuditOutcome.Succeeded, DateTimeOffset? time = null) =>
        new(time ?? Start.AddSeconds(n), station, reader, "3B8F8001", $"UID{n:D4}", who, action, $"{{\"n\":{n}}}", outcome, 200, null);

    public static StoredEvent Event(long id, DateTimeOffset? time = null, string type = "card.inserted") =>
        new(id, type, "station-a", "reader-1", time ?? Start.AddSeconds(id), $"{{\"id\":{id}}}");
}

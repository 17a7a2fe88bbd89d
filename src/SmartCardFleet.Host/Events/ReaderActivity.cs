using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Events;

/// <summary>Puts what clients did through the API (attach, transmit, operations...) and how it ended into the event
/// journal as "ReaderActivity", so the dashboard shows each reader's last operation and error.</summary>
public sealed class ReaderActivity(FleetEventJournal journal, TimeProvider time)
{
    public void Record(string readerId, string action, bool succeeded, string? detail = null, string? plugin = null) =>
        journal.Append("ReaderActivity", readerId, time.GetUtcNow(), new JsonObject
        {
            ["action"] = action,
            ["outcome"] = succeeded ? "ok" : "failed",
            ["detail"] = detail,
            ["plugin"] = plugin,
        });
}

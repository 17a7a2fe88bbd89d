using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Events;

/// <summary>Puts what clients did through the API (attach, transmit, operations...) and how it ended into the event
/// journal as "ReaderActivity", so the dashboard shows each reader's last operation and error. Only for readers the
/// station has (<see cref="KnownReaders"/>): a failure for an id a client made up is answered, never journaled.</summary>
public sealed class ReaderActivity(FleetEventJournal journal, KnownReaders readers, TimeProvider time)
{
    public void Record(string readerId, string action, bool succeeded, string? detail = null, string? plugin = null)
    {
        if (!readers.Contains(readerId))
        {
            return;
        }

        journal.Append("ReaderActivity", readerId, time.GetUtcNow(), new JsonObject
        {
            ["action"] = action,
            ["outcome"] = succeeded ? "ok" : "failed",
            ["detail"] = detail,
            ["plugin"] = plugin,
        });
    }
}

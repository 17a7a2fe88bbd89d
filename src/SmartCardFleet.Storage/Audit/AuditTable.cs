using System.Data.Common;
using SmartCardFleet.Storage.Database;
using SmartCardFleet.Storage.Writing;

namespace SmartCardFleet.Storage.Audit;

/// <summary>The fleet_audit table's columns, written and read in one order.</summary>
internal static class AuditTable
{
    public const string Columns = "id, time_us, station, reader, card_atr, card_uid, who, action, what, outcome, status, detail";

    /// <summary>The table as the writer of <paramref name="recordedBy"/> (this node's name) fills it: the node that recorded a
    /// row owns it for retention, whichever station the request ran on.</summary>
    public static RowTable<AuditEntry> Rows(string recordedBy) => new("fleet_audit",
        ["time_us", "station", "reader", "card_atr", "card_uid", "who", "action", "what", "outcome", "status", "detail", "recorded_by"],
        e => [SqlDialect.ToStored(e.Time), e.Station, e.Reader, e.CardAtr, e.CardUid, e.Who, e.Action, e.What, e.Outcome.ToString(), e.Status, e.Detail,
            recordedBy]);

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static AuditRecord Read(DbDataReader row) => new(row.GetInt64(0), new AuditEntry(
        SqlDialect.FromStored(row.GetInt64(1)),
        row.GetString(2),
        NullableString(row, 3),
        NullableString(row, 4),
        NullableString(row, 5),
        row.GetString(6),
        row.GetString(7),
        NullableString(row, 8),
        Enum.Parse<AuditOutcome>(row.GetString(9)),
        row.GetInt32(10),
        NullableString(row, 11)));

    private static string? NullableString(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}

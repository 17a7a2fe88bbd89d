using System.Data.Common;
using System.Text;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Audit;

/// <summary>An <see cref="AuditFilter"/> as SQL: each criterion given becomes one AND-ed, parameterised condition.</summary>
internal static class AuditQuery
{
    public static DbCommand Select(DbConnection connection, AuditFilter filter, long? before, bool newestFirst, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var command = DbCommands.Create(connection, null, "");
        var where = new StringBuilder();
        void Criterion(string condition, string name, object? value)
        {
            where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);
            DbCommands.Add(command, name, value);
        }

        if (filter.From is { } from)
        {
            Criterion("time_us >= @from", "@from", SqlDialect.ToStored(from));
        }

        if (filter.To is { } to)
        {
            Criterion("time_us < @to", "@to", SqlDialect.ToStored(to));
        }

        Text(filter.Station, "station");
        Text(filter.Reader, "reader");
        Text(filter.Who, "who");
        Text(filter.Action, "action");
        if (filter.Outcome is { } outcome)
        {
            Criterion("outcome = @outcome", "@outcome", outcome.ToString());
        }

        if (before is { } cursor)
        {
            Criterion("id < @before", "@before", cursor);
        }

        command.CommandText = $"SELECT {AuditTable.Columns} FROM fleet_audit{where} ORDER BY id {(newestFirst ? "DESC" : "ASC")} LIMIT @limit";
        DbCommands.Add(command, "@limit", limit);
        return command;

        void Text(string? value, string column)
        {
            if (value is not null)
            {
                Criterion($"{column} = @{column}", $"@{column}", value);
            }
        }
    }
}

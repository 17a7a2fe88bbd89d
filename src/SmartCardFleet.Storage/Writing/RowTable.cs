using System.Data.Common;
using System.Text;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Writing;

/// <summary>
/// How rows of <typeparamref name="T"/> go into one table: its columns, each row's values in that order, and what to do
/// on a key that is already there (the event window ignores a row a lost acknowledgement made it write twice). Written as
/// multi-row INSERTs, cut so no statement passes <see cref="MaxParameters"/> (below both engines' limits).
/// </summary>
internal sealed class RowTable<T>(string table, IReadOnlyList<string> columns, Func<T, object?[]> values, string onConflict = "")
{
    /// <summary>SQLite takes 32,766 parameters a statement, PostgreSQL 65,535.</summary>
    private const int MaxParameters = 30_000;

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = DbCommands.Create(connection, transaction, "");
            var text = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
            for (var row = 0; row < count; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                var cells = values(rows[start + row]);
                for (var column = 0; column < cells.Length; column++)
                {
                    var name = $"@p{(row * columns.Count) + column}";
                    text.Append(column == 0 ? "" : ", ").Append(name);
                    DbCommands.Add(command, name, cells[column] is string s ? SqlDialect.Text(s) : cells[column]);
                }

                text.Append(')');
            }

            command.CommandText = text.Append(onConflict).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

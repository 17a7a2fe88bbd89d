using System.Data.Common;
using System.Text;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Writing;

/// <summary>
/// How rows of <typeparamref name="T"/> go into one table: its columns, each row's values in that order, and what to do
/// on a key that is already there (the event window ignores a row a lost acknowledgement made it write twice). A batch
/// is written as multi-row INSERTs of <see cref="SqlDialect.RowsPerInsert"/> rows: one prepared statement reused for every
/// full chunk, and one more for the rest.
/// </summary>
internal sealed class RowTable<T>(string table, IReadOnlyList<string> columns, Func<T, object?[]> values, string onConflict = "")
{
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyList<T> rows,
        CancellationToken cancellationToken)
    {
        var perStatement = dialect.RowsPerInsert;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (count == perStatement)
                {
                    full ??= await PreparedAsync(connection, transaction, count, cancellationToken);
                    await ExecuteAsync(full, rows, start, count, cancellationToken);
                }
                else
                {
                    await using var rest = Command(connection, transaction, count);
                    await ExecuteAsync(rest, rows, start, count, cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private async Task<DbCommand> PreparedAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, count);
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private async Task ExecuteAsync(DbCommand command, IReadOnlyList<T> rows, int start, int count, CancellationToken cancellationToken)
    {
        for (var row = 0; row < count; row++)
        {
            var cells = values(rows[start + row]);
            for (var column = 0; column < cells.Length; column++)
            {
                command.Parameters[(row * columns.Count) + column].Value = (cells[column] is string s ? SqlDialect.Text(s) : cells[column]) ?? DBNull.Value;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>INSERT INTO table (columns) VALUES (@p0, @p1, ..), (..) for <paramref name="count"/> rows, parameters unset.</summary>
    private DbCommand Command(DbConnection connection, DbTransaction transaction, int count)
    {
        var command = DbCommands.Create(connection, transaction, "");
        var text = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        for (var row = 0; row < count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                var name = $"@p{(row * columns.Count) + column}";
                text.Append(column == 0 ? "" : ", ").Append(name);
                DbCommands.Add(command, name, null);
            }

            text.Append(')');
        }

        command.CommandText = text.Append(onConflict).ToString();
        return command;
    }
}

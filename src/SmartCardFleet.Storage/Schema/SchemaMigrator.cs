using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Schema;

/// <summary>
/// Brings the database to the newest schema this build knows, idempotently: one transaction takes the schema lock
/// (PostgreSQL: an advisory lock, so stations starting at once against one server migrate one after the other; SQLite: the
/// write lock of BEGIN IMMEDIATE), creates fleet_schema when missing, applies the missing steps in order and records them.
/// A second run, or the second of two stations, finds everything applied and changes nothing.
/// </summary>
internal sealed class SchemaMigrator(StorageDatabase database, ILogger logger)
{
    /// <summary>Applies the missing steps; returns the schema version the database is at afterwards.</summary>
    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        var sql = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (sql.SchemaLock is { } takeLock)
        {
            await DbCommands.ExecuteAsync(connection, transaction, takeLock, cancellationToken);
        }

        await DbCommands.ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS fleet_schema (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_us BIGINT NOT NULL)",
            cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        if (current > Migrations.Latest)
        {
            // Steps only add: an older station keeps working on a database a newer one has upgraded (a rolling upgrade
            // of a fleet sharing one server), and says so.
            logger.LogWarning("The station database is at schema v{Current}, newer than this build's v{Latest}; continuing", current, Migrations.Latest);
        }

        foreach (var step in Migrations.All.Where(m => m.Version > current))
        {
            foreach (var statement in step.Statements(sql))
            {
                await DbCommands.ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await DbCommands.ExecuteAsync(connection, transaction,
                "INSERT INTO fleet_schema (version, description, applied_us) VALUES (@version, @description, @applied)", cancellationToken,
                ("@version", step.Version), ("@description", step.Description), ("@applied", SqlDialect.ToStored(DateTimeOffset.UtcNow)));
            logger.LogInformation("Station database: applied schema v{Version} ({Description})", step.Version, step.Description);
        }

        await transaction.CommitAsync(cancellationToken);
        return Math.Max(current, Migrations.Latest);
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var query = DbCommands.Create(connection, transaction, "SELECT MAX(version) FROM fleet_schema");
        var value = await query.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}

using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmartCardFleet.Storage.Database;

/// <summary>
/// Turns an engine's exception into a reason an operator can act on: "database is locked", "disk full", "PostgreSQL at
/// host:port is unreachable: Connection refused". Only the host, port, database and user of the connection string are
/// ever named; a password that an engine's message might echo is masked.
/// </summary>
public sealed class FailureReasons
{
    private readonly string _where;
    private readonly string? _password;

    public FailureReasons(StorageSettings settings)
    {
        if (settings.Provider == StorageProvider.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            _where = $"PostgreSQL at {builder.Host}:{builder.Port}";
            _password = builder.Password;
        }
        else
        {
            _where = $"SQLite database {new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource}";
            _password = null;
        }
    }

    /// <summary>The reason <paramref name="failure"/> gives, for the health and the log.</summary>
    public string Of(Exception failure) => Mask(failure switch
    {
        SqliteException sqlite => OfSqlite(sqlite),
        PostgresException postgres => OfPostgres(postgres),
        NpgsqlException npgsql when npgsql.InnerException is TimeoutException => $"{_where} did not answer in time: {npgsql.Message}",
        NpgsqlException npgsql => $"{_where} is unreachable: {Innermost(npgsql)}",
        SocketException or IOException => $"{_where} is unreachable: {failure.Message}",
        TimeoutException => $"{_where} did not answer in time: {failure.Message}",
        DbException db => $"{_where}: {db.Message}",
        _ => $"{_where}: {failure.GetType().Name}: {failure.Message}",
    });

    private string OfSqlite(SqliteException e) => e.SqliteErrorCode switch
    {
        SQLitePCL.raw.SQLITE_BUSY => $"database is locked: another connection holds the write lock of the {_where} ({e.Message})",
        SQLitePCL.raw.SQLITE_LOCKED => $"database is locked: a table of the {_where} is locked ({e.Message})",
        SQLitePCL.raw.SQLITE_FULL => $"disk full: the {_where} cannot grow ({e.Message})",
        SQLitePCL.raw.SQLITE_READONLY => $"database is read-only: the {_where} cannot be written ({e.Message})",
        SQLitePCL.raw.SQLITE_CANTOPEN => $"cannot open the {_where} ({e.Message})",
        SQLitePCL.raw.SQLITE_IOERR => $"I/O error on the {_where} ({e.Message})",
        SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB => $"the {_where} is damaged or not a database ({e.Message})",
        _ => $"{_where}: {e.Message}",
    };

    private string OfPostgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.DiskFull => $"disk full on {_where}: {e.MessageText}",
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            $"{_where} refused the login: {e.MessageText}",
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.ObjectNotInPrerequisiteState or PostgresErrorCodes.TooManyConnections =>
            $"{_where} is unavailable: {e.MessageText}",
        PostgresErrorCodes.InvalidCatalogName => $"{_where} has no such database: {e.MessageText}",
        _ => $"{_where}: {e.SqlState} {e.MessageText}",
    };

    private static string Innermost(Exception e) => e.GetBaseException().Message;

    private string Mask(string reason) => string.IsNullOrEmpty(_password) ? reason : reason.Replace(_password, "***", StringComparison.Ordinal);
}

using Npgsql;

namespace SmartCardFleet.Testing;

/// <summary>
/// The PostgreSQL server specs and benchmarks use: FLEET_TEST_POSTGRES (./test.sh and run-bench.sh start a throwaway one
/// and set it). Every user creates a database of its own on it (<see cref="CreateDatabaseAsync"/>) and drops it at the
/// end, because other test classes, projects and helpers share the server. Without the variable a PostgreSQL spec fails
/// with the reason (never skipped): under CI=true it is a broken run, on a developer's machine it says how to get a
/// server. Linked into the Storage and Enrollment specs and the benchmarks.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "FLEET_TEST_POSTGRES";

    /// <summary>The server's connection string, or null when none is configured (a benchmark then says "not measured").</summary>
    public static string? ServerOrNull() => Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The server's connection string; throws with how to get one when none is configured.</summary>
    public static string AdminConnectionString()
    {
        if (ServerOrNull() is { } server)
        {
            return server;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(onCi
            ? $"CI=true and {Variable} is not set, so the PostgreSQL specs cannot run: ./test.sh starts a server and sets it"
            : $"{Variable} is not set: run ./test.sh (it starts a throwaway PostgreSQL), or start one with " +
              "config/test-fleet/postgres.sh start <dir> <port> and export the connection string it prints " +
              "(e.g. Host=127.0.0.1;Port=55432;Username=fleet;Database=postgres).");
    }

    /// <summary>A fresh database name, unique on the shared server.</summary>
    public static string NewDatabaseName(string prefix = "fleet_test") => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>Creates the database <paramref name="name"/>; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database, ending its connections (the pools of this process first, so none is left half-open).</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Makes the database refuse connections and ends the open ones (PostgreSQL "gone" for this database
    /// only), or lets connections in again.</summary>
    public static async Task SetReachableAsync(string name, bool reachable)
    {
        await ExecuteAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(reachable ? "true" : "false")}");
        if (!reachable)
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString());
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", admin);
            terminate.Parameters.AddWithValue("name", name);
            await terminate.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}

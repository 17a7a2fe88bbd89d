using Npgsql;

namespace SmartCardFleet.Storage.Tests.Support;

/// <summary>
/// The PostgreSQL server the specs use: FLEET_TEST_POSTGRES (./test.sh starts a throwaway one and sets it). Every spec
/// creates its own database on it and drops it at the end, because other test classes and projects share the server.
/// Without the variable the PostgreSQL specs fail with the reason (never skipped): under CI=true it is a broken run, on a
/// developer's machine it says how to get a server.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "FLEET_TEST_POSTGRES";

    public static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.Fail(onCi
            ? $"CI=true and {Variable} is not set, so the PostgreSQL specs cannot run: ./test.sh starts a server and sets it"
            : $"{Variable} is not set: run ./test.sh (it starts a throwaway PostgreSQL), or start one with " +
              "config/test-fleet/postgres.sh start <dir> <port> and export the connection string it prints.");
        return "";
    }

    /// <summary>Creates a database of its own; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Makes the database refuse connections and ends the open ones (PostgreSQL "gone" for this database
    /// only), or lets connections in again.</summary>
    public static async Task SetReachableAsync(string name, bool reachable)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var allow = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", admin);
        await allow.ExecuteNonQueryAsync();
        if (!reachable)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", admin);
            terminate.Parameters.AddWithValue("name", name);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}

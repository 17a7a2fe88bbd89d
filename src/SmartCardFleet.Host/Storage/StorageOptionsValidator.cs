using Microsoft.Extensions.Options;
using Npgsql;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Storage;

/// <summary>Checks the Storage section at start; every message names the key to fix. A connection string is never
/// echoed (it may hold a password).</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <summary>Longer than this, the event window outlives any client that could still want to resume from it.</summary>
    public static readonly TimeSpan MaxEventWindow = TimeSpan.FromDays(366);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = StorageOptions.SectionName;
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"{s}:Provider must be {EnumNames.Expected(typeof(StorageProvider))}.");
        }
        else if (options.Provider == StorageProvider.PostgreSql)
        {
            ValidatePostgreSql(options, errors);
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            // Most likely a forgotten "Provider": "PostgreSql"; the station must not quietly write to a local file instead.
            errors.Add($"{s}:ConnectionString is only for {s}:Provider PostgreSql (the provider is {options.Provider}): " +
                "set the provider, or remove the connection string.");
        }

        if (options.Path is { } path && (string.IsNullOrWhiteSpace(path) ? path.Length > 0 : path.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add($"{s}:Path must be a file path, or left out for {StorageOptions.DefaultFileName} in the data folder.");
        }

        if (options.DataDirectory is { } data && (string.IsNullOrWhiteSpace(data) ? data.Length > 0 : data.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add($"{s}:DataDirectory must be a folder path, or left out for \"data\" beside the configuration file.");
        }

        if (options.Audit.RetentionDays < 1)
        {
            errors.Add($"{s}:Audit:RetentionDays must be at least 1 (got {options.Audit.RetentionDays}).");
        }

        if (options.Audit.MaxRows < 1)
        {
            errors.Add($"{s}:Audit:MaxRows must be at least 1 (got {options.Audit.MaxRows}).");
        }

        if (options.Events.Window <= TimeSpan.Zero || options.Events.Window > MaxEventWindow)
        {
            errors.Add($"{s}:Events:Window must be more than 00:00:00 and at most {MaxEventWindow:c} (got {options.Events.Window}).");
        }

        if (options.Events.MaxRows < 1)
        {
            errors.Add($"{s}:Events:MaxRows must be at least 1 (got {options.Events.MaxRows}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePostgreSql(StorageOptions options, List<string> errors)
    {
        const string s = StorageOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{s}:ConnectionString is required with {s}:Provider PostgreSql, e.g. \"Host=db.example;Database=fleet;Username=fleet\" " +
                "(put a password in FLEET_Storage__ConnectionString, not in the file).");
            return;
        }

        if (PostgreSqlTarget(options.ConnectionString) is null)
        {
            errors.Add($"{s}:ConnectionString is not a PostgreSQL connection string with a Host (not shown: it may hold a password).");
        }
    }

    /// <summary>"host:port/database" of a PostgreSQL connection string (never its password), or null when it does not
    /// parse or names no host.</summary>
    public static string? PostgreSqlTarget(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? null
                : $"{builder.Host}:{builder.Port}/{(string.IsNullOrEmpty(builder.Database) ? builder.Username ?? "(default)" : builder.Database)}";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Storage;

/// <summary>
/// Where this node keeps its database, decided once at start from the Storage section:
/// - SQLite (the default): the file <see cref="StorageOptions.Path"/> (default fleet.db) in the data folder, which is
///   Storage:DataDirectory when set (relative to the configuration file's folder), else systemd's STATE_DIRECTORY (the unit's
///   StateDirectory=fleet, because ProtectSystem=strict leaves the install folder read-only), else "data" beside the
///   configuration file. The folder is created here, so a folder that cannot be made is a clear start error (exit 2)
///   rather than a database error later;
/// - PostgreSQL: the connection string, unchanged; no data folder is needed or created.
/// </summary>
/// <param name="Options">The validated Storage section.</param>
/// <param name="Settings">What the storage and the job engine open.</param>
/// <param name="DataDirectory">The data folder (SQLite), or null (PostgreSQL).</param>
/// <param name="Description">For the start line: the SQLite file's full path, or the PostgreSQL host and database (never the password).</param>
public sealed record StationStorage(StorageOptions Options, StorageSettings Settings, string? DataDirectory, string Description)
{
    /// <summary>Name of the data folder beside the configuration file when nothing else says where.</summary>
    public const string DefaultDataFolder = "data";

    /// <summary>Binds and validates the Storage section and prepares the data folder.</summary>
    /// <param name="configDirectory">The configuration file's folder (Station:ConfigDirectory).</param>
    /// <param name="stateDirectory">systemd's STATE_DIRECTORY (a ':'-separated list when the unit names several), or null.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid; the messages name the keys.</exception>
    /// <exception cref="StationStartException">The data folder cannot be created.</exception>
    public static StationStorage Load(IConfiguration configuration, string? configDirectory, string? stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var result = new StorageOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), result.Failures);
        }

        if (options.Provider == StorageProvider.PostgreSql)
        {
            var target = StorageOptionsValidator.PostgreSqlTarget(options.ConnectionString!)!;
            return new StationStorage(options, new StorageSettings(StorageProvider.PostgreSql, options.ConnectionString!), null,
                $"PostgreSQL {target}");
        }

        var baseDirectory = configDirectory ?? AppContext.BaseDirectory;
        var dataDirectory = DataDirectoryOf(options, baseDirectory, stateDirectory);
        var file = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Path) ? StorageOptions.DefaultFileName : options.Path, dataDirectory);
        // Only the folder the file is in: an absolute Storage:Path elsewhere needs no data folder beside a read-only install.
        var folder = Path.GetDirectoryName(file)!;
        Create(folder, folder.StartsWith(dataDirectory, StringComparison.Ordinal) ? "Storage:DataDirectory" : "Storage:Path");
        if (Directory.Exists(file))
        {
            throw new StationStartException($"Storage:Path {file} is a folder; name the database file (or leave Storage:Path out for {StorageOptions.DefaultFileName}).");
        }

        // The builder quotes the path, so a ';' or '=' in a folder name cannot change the connection's other settings.
        var connection = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        return new StationStorage(options, new StorageSettings(StorageProvider.Sqlite, connection), dataDirectory, $"SQLite {file}");
    }

    private static string DataDirectoryOf(StorageOptions options, string baseDirectory, string? stateDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return Path.GetFullPath(options.DataDirectory, baseDirectory);
        }

        var systemd = stateDirectory?.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return systemd is not null ? Path.GetFullPath(systemd, baseDirectory) : Path.Combine(baseDirectory, DefaultDataFolder);
    }

    private static void Create(string directory, string key)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new StationStartException(
                $"the data folder {directory} ({key}) cannot be created: {e.Message} Set {key} to a folder this user can write " +
                "(under systemd, StateDirectory=fleet in the unit gives /var/lib/fleet).", e);
        }
    }
}

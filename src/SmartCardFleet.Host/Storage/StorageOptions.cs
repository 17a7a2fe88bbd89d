using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Storage;

/// <summary>The "Storage" section: the station's database (jobs, audit journal, durable event window).
/// Default: SQLite in <see cref="DefaultFileName"/> under the station's data folder, created on first start.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string DefaultFileName = "fleet.db";

    /// <summary>Sqlite (default) or PostgreSql.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; relative paths are taken from <see cref="DataDirectory"/>. Empty: fleet.db there.</summary>
    public string? Path { get; set; }

    /// <summary>The station's data folder; relative paths from the configuration file's folder. Empty: "data" beside the
    /// configuration file (systemd's STATE_DIRECTORY when the unit sets one).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>PostgreSQL's connection string (required with Provider PostgreSql; holds a password: never logged).</summary>
    public string? ConnectionString { get; set; }

    public AuditOptions Audit { get; set; } = new();

    public EventWindowOptions Events { get; set; } = new();

    public override string ToString() => $"Provider={Provider}, Path={Path}, ConnectionString={(ConnectionString is null ? "(none)" : "***")}";
}

/// <summary>"Storage:Audit": how long the audit journal keeps records; whichever bound is reached first applies.</summary>
public sealed class AuditOptions
{
    /// <summary>When false, nothing is written to the audit journal (for measuring its cost; never on a kiosk).</summary>
    public bool Enabled { get; set; } = true;

    public int RetentionDays { get; set; } = 365;

    public long MaxRows { get; set; } = 5_000_000;
}

/// <summary>"Storage:Events": the durable event window that lets a client resume from Last-Event-ID across restarts.</summary>
public sealed class EventWindowOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    public long MaxRows { get; set; } = 1_000_000;
}

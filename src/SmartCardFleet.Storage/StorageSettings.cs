namespace SmartCardFleet.Storage;

/// <summary>Which database engine holds the station's data. Exactly one known name is accepted in configuration.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file under the station's data folder: the default, no set-up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server by connection string: one central database shared by many stations.</summary>
    PostgreSql,
}

/// <summary>Where the station's database is: the engine and an ADO.NET connection string for it. The connection string
/// may hold a password, so <see cref="ToString"/> never prints it.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    /// <summary>A SQLite database in <paramref name="path"/> (created on first use).</summary>
    public static StorageSettings SqliteFile(string path) => new(StorageProvider.Sqlite, $"Data Source={path}");

    public override string ToString() => $"{Provider} (connection string not shown)";
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Storage;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Host.Tests.Storage;

/// <summary>The Storage section: where the database is, decided and checked at start, every error naming its key.</summary>
public sealed class StorageConfigurationTests
{
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("fleet-storage-config-").FullName;

    [Fact]
    public void By_default_the_database_is_fleet_db_in_a_data_folder_beside_the_configuration_file_created_at_start()
    {
        var storage = Load([]);

        var data = Path.Combine(_configDirectory, "data");
        Assert.Equal(data, storage.DataDirectory);
        Assert.True(Directory.Exists(data));
        Assert.Equal(StorageProvider.Sqlite, storage.Settings.Provider);
        Assert.Contains(Path.Combine(data, "fleet.db"), storage.Settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal($"SQLite {Path.Combine(data, "fleet.db")}", storage.Description);
    }

    [Fact]
    public void Under_systemd_the_data_folder_is_the_units_state_directory()
    {
        var state = Path.Combine(_configDirectory, "var-lib-fleet");

        var storage = Load([], stateDirectory: $"{state}:/var/lib/other");

        Assert.Equal(state, storage.DataDirectory);
        Assert.Equal($"SQLite {Path.Combine(state, "fleet.db")}", storage.Description);
    }

    [Fact]
    public void A_configured_data_folder_wins_over_systemd_and_is_taken_from_the_configuration_files_folder_and_the_path_from_it()
    {
        var storage = Load(new() { ["Storage:DataDirectory"] = "state", ["Storage:Path"] = "db/station.sqlite" }, stateDirectory: "/var/lib/fleet");

        Assert.Equal(Path.Combine(_configDirectory, "state"), storage.DataDirectory);
        Assert.Equal($"SQLite {Path.Combine(_configDirectory, "state", "db", "station.sqlite")}", storage.Description);
        Assert.True(Directory.Exists(Path.Combine(_configDirectory, "state", "db")));
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_is_a_start_error_naming_the_key_and_the_folder()
    {
        var blocker = Path.Combine(_configDirectory, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var wanted = Path.Combine(blocker, "data");

        var error = Assert.Throws<StationStartException>(() => Load(new() { ["Storage:DataDirectory"] = wanted }));

        Assert.Contains("Storage:DataDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains(wanted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_needs_a_connection_string()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new() { ["Storage:Provider"] = "PostgreSql" }));

        Assert.Contains(error.Failures, f => f.Contains("Storage:ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_PostgreSql_database_is_named_at_start_by_host_and_database_never_by_its_password_and_no_data_folder_is_made()
    {
        var storage = Load(new()
        {
            ["Storage:Provider"] = "postgresql",
            ["Storage:ConnectionString"] = "Host=db.example;Port=5433;Database=fleet;Username=fleet;Password=s3cret-pass",
        });

        Assert.Equal(StorageProvider.PostgreSql, storage.Settings.Provider);
        Assert.Equal("PostgreSQL db.example:5433/fleet", storage.Description);
        Assert.Null(storage.DataDirectory);
        Assert.False(Directory.Exists(Path.Combine(_configDirectory, "data")));
        Assert.DoesNotContain("s3cret", storage.Settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_that_does_not_parse_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new()
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = "Password=s3cret-pass;NoSuchKeyword=1",
        }));

        Assert.Contains(error.Failures, f => f.Contains("Storage:ConnectionString", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_without_the_PostgreSql_provider_is_refused_instead_of_writing_a_local_file()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new() { ["Storage:ConnectionString"] = "Host=db.example" }));

        Assert.Contains(error.Failures, f => f.Contains("Storage:ConnectionString is only for Storage:Provider PostgreSql", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Storage:Audit:RetentionDays", "0")]
    [InlineData("Storage:Audit:MaxRows", "0")]
    [InlineData("Storage:Events:Window", "00:00:00")]
    [InlineData("Storage:Events:MaxRows", "-1")]
    public void Retention_bounds_must_keep_something(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new() { [key] = value }));

        Assert.Contains(error.Failures, f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite,PostgreSql")]
    [InlineData("1")]
    [InlineData("Postgres")]
    public void The_provider_is_exactly_one_known_name(string provider)
    {
        var error = Assert.Throws<StationStartException>(() => StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["Storage:DataDirectory"] = _configDirectory },
        }));

        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, PostgreSql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_line_names_the_database_and_the_settings_are_registered_for_the_job_engine()
    {
        var lines = new ConcurrentQueue<string>();
        await using var app = StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?> { ["Storage:DataDirectory"] = _configDirectory },
        });
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));
        await app.StartAsync();
        await app.StopAsync();

        var file = Path.Combine(_configDirectory, "fleet.db");
        Assert.Contains(lines, l => l.Contains("Station started", StringComparison.Ordinal) && l.Contains($"database SQLite {file}", StringComparison.Ordinal));
        Assert.Contains(file, app.Services.GetRequiredService<StorageSettings>().ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_run_with_PostgreSql_and_no_connection_string_exits_2_naming_the_key()
    {
        var (exitCode, _, stderr) = await FleetProcess.RunAsync("run", "--simulate", "1", "--urls", "http://127.0.0.1:0",
            "--Storage:Provider=PostgreSql");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("fleet: cannot start:", stderr, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private StationStorage Load(Dictionary<string, string?> values, string? stateDirectory = null) =>
        StationStorage.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), _configDirectory, stateDirectory);
}

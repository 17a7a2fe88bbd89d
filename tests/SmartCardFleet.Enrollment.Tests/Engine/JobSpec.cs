using Akka.TestKit.Xunit2;
using SmartCardFleet.Enrollment.Tests.Support;
using SmartCardFleet.Storage;
using Xunit.Abstractions;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>Base of the job specs: the built NDEF plugin in a folder of its own, and stations started on a real database.
/// The TestKit's own ActorSystem only hosts nothing; each station run has its ActorSystem, so a spec can crash one and
/// start the next on the same database.</summary>
public abstract class JobSpec(ITestOutputHelper output) : TestKit(output: output), IAsyncLifetime
{
    private readonly NdefPluginFolder _plugins = new();
    private readonly List<StationRun> _runs = [];

    internal TestDatabase Database { get; private set; } = null!;

    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(Provider);

    public async Task DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        await Database.DisposeAsync();
        _plugins.Dispose();
    }

    internal StationRun StartStation(Action<EnrollmentOptions>? configure = null)
    {
        var run = StationRun.Start(this, Database.Settings, _plugins.Path, configure);
        _runs.Add(run);
        return run;
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Core.Tests.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Isolation;

/// <summary>Loading a folder whose constructor never returns (the BlockingCtor fixture), with the load deadline on a
/// manual clock: the folder is rejected with the reason, the others load, and a folder still stuck is refused at once
/// instead of taking another thread.</summary>
public sealed class LoadingDeadlineSpecs : IDisposable
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(2);
    private readonly TestPluginDirectory _plugins = new();
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_folder_whose_constructor_never_returns_is_rejected_at_the_deadline_and_the_next_folder_loads()
    {
        _plugins.InstallShipped("Uid").InstallFixtures("BlockingCtor");
        var catalog = Catalog();

        var loading = Task.Factory.StartNew(catalog.LoadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // The folders load in ordinal order: BlockingCtor first, whose deadline is the only timer the clock holds.
        await _clock.WhenAsync(timers => timers.Armed == 1);
        Assert.False(loading.IsCompleted);
        _clock.Advance(LoadTimeout);
        var result = await loading;

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(("BlockingCtor", PluginRejectionReason.ConstructorFailed), (rejected.Folder, rejected.Reason));
        Assert.StartsWith("constructor did not return within 00:00:02", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("\"plugin loader BlockingCtor #1\"", rejected.Message, StringComparison.Ordinal);
        Assert.Equal("org.smartcardfleet.uid", Assert.Single(result.Loaded).Id);
        result.Loaded[0].Dispose();

        var again = catalog.LoadFolder("BlockingCtor");
        Assert.Contains("an earlier load of the folder is still stuck", again.Rejection!.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _plugins.Dispose();

    private McMasterPluginCatalog Catalog() =>
        new(_plugins.Path, NullLogger<McMasterPluginCatalog>.Instance, LoadTimeout, maxStuckThreads: 2, _clock);
}

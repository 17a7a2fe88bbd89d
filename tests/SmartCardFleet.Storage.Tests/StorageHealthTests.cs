using SmartCardFleet.Core.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class StorageHealthTests
{
    [Fact]
    public void The_storage_fails_while_any_part_fails_with_the_first_failure_s_reason_and_time()
    {
        var clock = new ManualTimeProvider();
        var health = new StorageHealth(clock);
        var seen = new List<StorageStatus>();
        health.Changed += (_, status) => seen.Add(status);
        var failedAt = clock.GetUtcNow();

        health.Failing("audit journal", "database is locked");
        clock.Advance(TimeSpan.FromSeconds(5));
        health.Failing("event window", "disk full");
        health.Recovered("audit journal");
        health.Recovered("audit journal");
        health.Recovered("event window");

        Assert.Equal(
        [
            new StorageStatus(StorageState.Failing, "audit journal: database is locked", failedAt),
            new StorageStatus(StorageState.Failing, "event window: disk full", failedAt),
            StorageStatus.Healthy,
        ], seen);
    }

    [Fact]
    public async Task Waiting_for_a_status_completes_at_the_change_that_brings_it()
    {
        var health = new StorageHealth(new ManualTimeProvider());
        var failing = health.WhenAsync(s => !s.IsHealthy, CancellationToken.None);
        Assert.False(failing.IsCompleted);

        health.Failing("schema", "PostgreSQL at db:5432 is unreachable: Connection refused");

        Assert.Equal("schema: PostgreSQL at db:5432 is unreachable: Connection refused", (await failing).Reason);
        Assert.True(health.WhenAsync(s => !s.IsHealthy, CancellationToken.None).IsCompleted);
    }
}

namespace SmartCardFleet.Storage.Tests.Support;

/// <summary>Waits on the storage's own signals with a bounded deadline (no sleeps).</summary>
internal static class Waits
{
    public static async Task<StorageStatus> UntilAsync(this StorageHealth health, Func<StorageStatus, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TestDatabase.Deadline);
        try
        {
            return await health.WhenAsync(condition, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"storage health did not become {what} within {TestDatabase.Deadline.TotalSeconds} s; it is {health.Status}");
        }
    }

    public static async Task FlushedAsync(this FleetStorage storage)
    {
        using var deadline = new CancellationTokenSource(TestDatabase.Deadline);
        await storage.FlushAsync(deadline.Token);
    }
}

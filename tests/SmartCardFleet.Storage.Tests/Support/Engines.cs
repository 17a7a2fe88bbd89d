namespace SmartCardFleet.Storage.Tests.Support;

/// <summary>Both engines, for specs that must hold on each.</summary>
public static class Engines
{
    public static TheoryData<StorageProvider> Both => new() { StorageProvider.Sqlite, StorageProvider.PostgreSql };
}

namespace SmartCardFleet.Integration.Tests.RealFleet;

/// <summary>All tests that talk to the one real pcscd: one fixture, run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RealFleetCollection : ICollectionFixture<RealFleetFixture>
{
    public const string Name = "real pcscd fleet";
}

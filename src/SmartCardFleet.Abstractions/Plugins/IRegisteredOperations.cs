namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// A session that can say which operations it executes, so the host (and the test kit) can check them against the
/// manifest (<see cref="OperationCatalog.Mismatches"/>). <see cref="Iso7816SessionBase"/> implements it.
/// </summary>
public interface IRegisteredOperations
{
    /// <summary>The names <see cref="ICardSession.ExecuteAsync"/> accepts.</summary>
    IReadOnlyCollection<string> OperationNames { get; }
}

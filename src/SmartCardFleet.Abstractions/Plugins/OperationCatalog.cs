namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// Checks that a plugin declares what its sessions execute: an operation in the manifest that the session does not
/// register fails for every caller, and one the session registers but the manifest lacks is invisible to operators.
/// </summary>
/// <remarks>
/// The host runs this check on every session it opens, in identification and when an operation opens the next session
/// (after a reload or a dropped session), and refuses a session that disagrees: identification then offers the card to
/// the next plugin, and the operation fails with a reason naming the differences. Plugin tests can call it too. Declare each operation once, as an <see cref="OperationDescriptor"/> that both the
/// manifest and the session's <see cref="Iso7816SessionBase"/> registration use, and the check always passes.
/// </remarks>
public static class OperationCatalog
{
    /// <summary>Lists the differences between the manifest's operations and the session's registered names.</summary>
    /// <param name="manifest">The plugin's manifest.</param>
    /// <param name="session">An open session of that plugin.</param>
    /// <returns>
    /// One sentence per kind of difference, each naming the operations (sorted); empty when they agree, or when the
    /// session does not implement <see cref="IRegisteredOperations"/> (nothing to compare).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Mismatches(PluginManifest manifest, ICardSession session)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(session);
        if (session is not IRegisteredOperations registered)
        {
            return [];
        }

        var declared = manifest.Operations.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var executed = registered.OperationNames.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>(2);
        if (Names(declared.Except(executed)) is { } notRegistered)
        {
            problems.Add($"declared in the manifest but not registered by the session: {notRegistered}");
        }

        if (Names(executed.Except(declared)) is { } notDeclared)
        {
            problems.Add($"registered by the session but not declared in the manifest: {notDeclared}");
        }

        return problems;
    }

    /// <summary>Refuses the plugin as the host does when <paramref name="session"/> disagrees with the manifest:
    /// disposes the session, then throws the exception <paramref name="refusal"/> makes of the reason
    /// ("plugin ID VERSION is refused: its operations are …"). Returns when they agree.</summary>
    /// <param name="manifest">The plugin's manifest.</param>
    /// <param name="session">A session of that plugin, just opened.</param>
    /// <param name="refusal">Makes the exception the caller throws from the reason.</param>
    /// <returns>A task that completes when the session agrees with the manifest.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static async Task RefuseOnMismatchAsync(PluginManifest manifest, ICardSession session, Func<string, Exception> refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var mismatches = Mismatches(manifest, session);
        if (mismatches.Count == 0)
        {
            return;
        }

        await session.DisposeAsync().ConfigureAwait(false);
        throw refusal($"plugin {manifest.Id} {manifest.Version} is refused: its operations are {string.Join("; ", mismatches)}");
    }

    private static string? Names(IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? null : string.Join(", ", sorted);
    }
}

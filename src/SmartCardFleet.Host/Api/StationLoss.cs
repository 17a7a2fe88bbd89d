namespace SmartCardFleet.Host.Api;

/// <summary>A request to another station ends the moment that station is lost (unreachable or gone): its reply cannot
/// come, so waiting out the timeout would only delay the StationUnreachable answer (docs/cluster.md, in-flight requests).</summary>
internal static class StationLoss
{
    /// <summary>Runs <paramref name="ask"/> with <paramref name="cancellationToken"/>, linked for a remote station with its
    /// Lost token; when that fires first, the answer is <paramref name="lost"/>(why).</summary>
    public static async Task<T> UntilLostAsync<T>(this StationTarget target, Func<CancellationToken, Task<T>> ask, Func<string, T> lost,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(lost);
        if (target.Remote is not { } remote)
        {
            return await ask(cancellationToken);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, remote.Lost);
        try
        {
            return await ask(linked.Token);
        }
        catch (OperationCanceledException) when (remote.Lost.IsCancellationRequested)
        {
            return lost($"station {target.Name} became unreachable during the request; the request may or may not have run there");
        }
    }
}

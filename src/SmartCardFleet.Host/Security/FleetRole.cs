namespace SmartCardFleet.Host.Security;

/// <summary>What an API token may do; each role includes the ones before it. Exactly one known name is accepted in
/// configuration (docs/security.md).</summary>
public enum FleetRole
{
    /// <summary>Read only: lists, status, events, the dashboard, the audit journal's pages.</summary>
    Viewer,

    /// <summary>Viewer, plus operations on cards: attach, detach, reconnect, transmit, transactions, plugin operations, jobs.</summary>
    Operator,

    /// <summary>Operator, plus the station itself: plugin reloads, clearing quarantine, configuration, audit export.</summary>
    Admin,
}

/// <summary>Who sent a request: the name of the API token it carried and that token's role. On a loopback-only station
/// without tokens every request is <see cref="Local"/>.</summary>
public sealed record FleetCaller(string Name, FleetRole Role)
{
    public static readonly FleetCaller Local = new("local", FleetRole.Admin);

    public bool Has(FleetRole role) => Role >= role;
}

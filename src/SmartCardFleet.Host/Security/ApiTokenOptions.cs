namespace SmartCardFleet.Host.Security;

/// <summary>One named API token in Http:Tokens: its name (who the audit journal says acted), the SHA-256 of the token
/// (never the token itself: a configuration file or backup that leaks gives nobody access) and its role.</summary>
public sealed class ApiTokenOptions
{
    public string? Name { get; set; }

    /// <summary>"sha256:" and 64 hex digits (<see cref="TokenHash"/>; `fleet token hash` prints it).</summary>
    public string? Hash { get; set; }

    /// <summary>Exactly one of Viewer, Operator, Admin. Text, not the enum, so a number or a list is refused by name
    /// instead of bound.</summary>
    public string? Role { get; set; }
}

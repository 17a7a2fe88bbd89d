using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Cluster.Hosting;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Checks the Cluster section on its own; every message names the key to fix. The rule that ties it to the
/// HTTP token (a non-loopback Cluster:Hostname) is <see cref="ClusterSettings"/>'s, which knows both sections.</summary>
public sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    private const string C = ClusterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IsHost(options.Hostname))
        {
            errors.Add($"{C}:Hostname must be a host name or IP address without scheme or port (got \"{Bounded.Echo(options.Hostname)}\").");
        }

        if (!string.IsNullOrEmpty(options.PublicHostname) && !IsHost(options.PublicHostname))
        {
            errors.Add($"{C}:PublicHostname must be a host name or IP address without scheme or port (got \"{Bounded.Echo(options.PublicHostname)}\").");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{C}:Port must be 1..65535 (got {options.Port}).");
        }

        for (var i = 0; i < options.Seeds.Count; i++)
        {
            if (!IsSeed(options.Seeds[i]))
            {
                errors.Add($"{C}:Seeds:{i} must be \"host:port\" with a port 1..65535, e.g. \"10.0.0.5:4053\" (got \"{Bounded.Echo(options.Seeds[i])}\").");
            }
        }

        if (options.Roles.Count > 1)
        {
            errors.Add($"{C}:Roles must hold exactly one of station or console (got {options.Roles.Count} entries).");
        }
        else if (options.Roles.Count == 1 && !Enum.IsDefined(options.Roles[0]))
        {
            errors.Add($"{C}:Roles:0 must be station or console.");
        }

        if (!Enum.IsDefined(options.SplitBrain.Strategy))
        {
            errors.Add($"{C}:SplitBrain:Strategy must be KeepMajority or KeepOldest.");
        }

        RequirePositive(options.SplitBrain.StableAfter, $"{C}:SplitBrain:StableAfter", errors);
        RequirePositive(options.FailureDetector.AcceptableHeartbeatPause, $"{C}:FailureDetector:AcceptableHeartbeatPause", errors);
        if (options.JoinWatchdog < TimeSpan.Zero)
        {
            errors.Add($"{C}:JoinWatchdog must be 00:00:00 (off) or more (got {options.JoinWatchdog}).");
        }

        var certificate = options.Tls.CertificatePath;
        if (!string.IsNullOrEmpty(certificate) && !File.Exists(certificate))
        {
            errors.Add($"{C}:Tls:CertificatePath {Bounded.Echo(certificate)} does not exist (a relative path is taken from the configuration file's folder).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The cluster library's "host:port" split, and a host <see cref="Uri.CheckHostName"/> knows ("[v6]" too).</summary>
    private static bool IsSeed(string? seed) => FleetClusterConfig.TrySplitSeed(seed, out var host, out _, out _) && IsHost(host);

    private static bool IsHost(string? host) =>
        !string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host.Trim('[', ']')) != UriHostNameType.Unknown;

    private static void RequirePositive(TimeSpan value, string key, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be more than 00:00:00 (got {value}).");
        }
    }
}

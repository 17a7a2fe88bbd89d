using System.Globalization;
using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions.Text;

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
            if (!TrySplitSeed(options.Seeds[i], out _, out _))
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
        var certificate = options.Tls.CertificatePath;
        if (!string.IsNullOrEmpty(certificate) && !File.Exists(certificate))
        {
            errors.Add($"{C}:Tls:CertificatePath {Bounded.Echo(certificate)} does not exist (a relative path is taken from the configuration file's folder).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>"host:port", "[v6]:port"; the host as <see cref="Uri.CheckHostName"/> knows it.</summary>
    public static bool TrySplitSeed(string? seed, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = seed?.LastIndexOf(':') ?? -1;
        if (seed is null || colon <= 0
            || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = seed[..colon].Trim('[', ']');
        return IsHost(host);
    }

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

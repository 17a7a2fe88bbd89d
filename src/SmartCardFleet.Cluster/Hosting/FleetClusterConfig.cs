using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Remote.Hosting;
using SmartCardFleet.Cluster.Membership;

namespace SmartCardFleet.Cluster.Hosting;

/// <summary>
/// The Akka settings a fleet node runs with, made from <see cref="FleetClusterOptions"/> without starting anything (so
/// they can be checked in a unit test): remoting (address, frame size, TLS), clustering (roles, seeds, split brain
/// resolver, failure detector) and the HOCON for what the typed hosting options do not cover.
/// </summary>
public static class FleetClusterConfig
{
    /// <summary>Largest remoting frame: a reader list of 2,500 readers is about 1 MB of JSON, the directory of a
    /// 10,000-reader fleet under 1 MB; 8 MiB leaves room for both (docs/cluster.md, frame size).</summary>
    public const long MaximumFrameSize = 8 * 1024 * 1024;

    public const string EventsTopic = "fleet-events";

    public static RemoteOptions Remote(FleetClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var remote = new RemoteOptions
        {
            HostName = options.Hostname,
            PublicHostName = string.IsNullOrWhiteSpace(options.PublicHostname) ? null : options.PublicHostname,
            Port = options.Port,
            MaxFrameSize = MaximumFrameSize,
            SendBufferSize = MaximumFrameSize,
            ReceiveBufferSize = MaximumFrameSize,
        };
        if (options.Tls is { } tls)
        {
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                CertificateOptions = new SslCertificateOptions { Path = tls.CertificatePath, Password = tls.CertificatePassword },
                SuppressValidation = tls.SuppressValidation,
                // Both ends present the fleet certificate: a peer without it cannot join, even on an open network.
                RequireMutualAuthentication = true,
            };
        }

        return remote;
    }

    public static ClusterOptions Clustering(FleetClusterOptions options, string actorSystemName)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ClusterOptions
        {
            // Roles are in Hocon(): the hosting package writes them unquoted, and "name:<station>" must be quoted.
            SeedNodes = [.. options.Seeds.Select(seed => SeedAddress(seed, actorSystemName, options.Tls is not null))],
            SplitBrainResolver = options.SplitBrain == SplitBrainStrategy.KeepOldest
                ? new KeepOldestOption { DownIfAlone = true }
                : new KeepMajorityOption(),
            FailureDetector = new PhiAccrualFailureDetectorOptions { AcceptableHeartbeatPause = options.AcceptableHeartbeatPause },
        };
    }

    /// <summary>"host:port" as the seed's actor system address, e.g. akka.tcp://fleet@10.0.0.5:4053, or
    /// akka.ssl.tcp://fleet@10.0.0.5:4053 with TLS (the protocol names the transport, so it must match the seed's).</summary>
    public static string SeedAddress(string seed, string actorSystemName, bool tls)
    {
        if (!TrySplitSeed(seed, out var host, out var port, out var problem))
        {
            throw new ArgumentException($"Cluster seed '{seed}' {problem}", nameof(seed));
        }

        var protocol = tls ? "akka.ssl.tcp" : "akka.tcp";
        return $"{protocol}://{actorSystemName}@{host}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public static bool TrySplitSeed(string? seed, out string host, out int port, out string? problem)
    {
        host = string.Empty;
        port = 0;
        problem = null;
        var colon = seed?.LastIndexOf(':') ?? -1;
        if (seed is null || colon <= 0)
        {
            problem = "must be host:port";
        }
        else if (!int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            problem = "must end with a port from 1 to 65535";
        }
        else
        {
            host = seed[..colon];
        }

        return problem is null;
    }

    /// <summary>What the typed options do not say. Prepended, so these win over the hosting packages' defaults.</summary>
    public static Config Hocon(FleetClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConfigurationFactory.ParseString($$"""
            akka.cluster {
              roles = [{{string.Join(", ", MemberRoles.For(options.StationName, options.Role).Select(r => $"\"{r}\""))}}]
              split-brain-resolver.stable-after = {{Millis(options.StableAfter)}}
              failure-detector.acceptable-heartbeat-pause = {{Millis(options.AcceptableHeartbeatPause)}}
              # A downed or removed node's ActorSystem terminates, so the fleet process exits and its supervisor restarts it.
              run-coordinated-shutdown-when-down = on
              # A station restarted on its old address is refused until the leader has removed its previous incarnation;
              # it asks again after this long (Akka's default, 10 s, would alone miss "listed within 10 s of its start").
              retry-unsuccessful-join-after = 2s
            }
            akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers = off
            # Only explicitly bound types cross between nodes: a message without a serializer fails where it is sent,
            # instead of going out through the reflection-based JSON fallback.
            akka.actor.serialization-settings.allow-unregistered-types = false
            """);
    }

    private static string Millis(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";
}

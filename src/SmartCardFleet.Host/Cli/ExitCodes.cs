namespace SmartCardFleet.Host.Cli;

/// <summary>Exit codes scripts can rely on (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Ok = 0;

    /// <summary>The host answered with an error (problem details printed on stderr).</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;

    /// <summary>No host answers at --url.</summary>
    public const int HostUnreachable = 3;

    /// <summary>The host answered, but the reader's station is unreachable from it (503 StationUnreachable): the fleet
    /// knows the station and cannot reach it now, so trying again later may work.</summary>
    public const int Unavailable = 4;
}

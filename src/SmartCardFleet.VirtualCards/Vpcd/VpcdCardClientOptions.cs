namespace SmartCardFleet.VirtualCards.Vpcd;

/// <summary>Where and how a virtual card connects to a vpcd slot.</summary>
public sealed class VpcdCardClientOptions
{
    /// <summary>vpcd listens on all interfaces; the fleet always uses the loopback.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The slot's TCP port (30963 + … in the test fleet).</summary>
    public required int Port { get; init; }

    /// <summary>While inserted, reconnect when the connection drops, so the card stays in its reader across a
    /// pcscd restart the way a physical card does.</summary>
    public bool KeepInserted { get; init; }

    /// <summary>First reconnect delay; doubled after each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, ReconnectDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
    }
}

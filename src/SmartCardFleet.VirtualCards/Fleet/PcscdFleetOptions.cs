namespace SmartCardFleet.VirtualCards.Fleet;

/// <summary>How <see cref="PcscdFleet"/> runs pcscd.</summary>
public sealed record PcscdFleetOptions
{
    public const string DefaultPcscdPath = "/usr/sbin/pcscd";

    public const string DefaultVpcdDriverPath = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";

    public string PcscdPath { get; init; } = DefaultPcscdPath;

    public string VpcdDriverPath { get; init; } = DefaultVpcdDriverPath;

    public VpcdFleetLayout Layout { get; init; } = new();

    /// <summary>pcscd needs about a second; a loaded CI machine more.</summary>
    public TimeSpan ReaderWaitTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>pcscd -a: log every APDU (to the captured log).</summary>
    public bool LogApdus { get; init; }

    /// <summary>pcscd -d: debug log.</summary>
    public bool Debug { get; init; }
}

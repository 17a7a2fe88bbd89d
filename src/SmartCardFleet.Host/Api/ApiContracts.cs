using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Api;

// JSON shapes of the HTTP API (camelCase on the wire). Bytes travel as hex, enums by name.

public sealed record ReaderDto(
    string Id, string Name, string State, string? Atr, string? Protocol, string? ShareMode, string? Session,
    int InsertionCounter, string? TransactionHolder, bool AutoAttach, ReaderErrorDto? LastError)
{
    /// <summary>The station the reader is plugged into (Station:Name; always set). <see cref="Id"/> is "station.reader"
    /// when the node is clustered, the bare reader id on a standalone station.</summary>
    public string Station { get; init; } = "";

    /// <summary>Plugin that identified the attached card, its version, and the card type it names (null: none, or not yet).</summary>
    public string? Plugin { get; init; }

    public string? PluginVersion { get; init; }

    public string? CardType { get; init; }

    /// <summary>Set while the reader actor sits inside a long PC/SC call (e.g. waiting for another process's lock).</summary>
    public ReaderBusyDto? Busy { get; init; }
}

public sealed record ReaderBusyDto(string Operation, DateTimeOffset Since, double ElapsedMs, bool ForeignLock);

public sealed record ReaderErrorDto(string? ReaderId, string Reason, string Message, string? PcscError)
{
    /// <summary>The station it concerns, in the list's unavailable entries (a whole station that did not answer in time
    /// has no <see cref="ReaderId"/>); null elsewhere.</summary>
    public string? Station { get; init; }
}

public sealed record ReaderListDto(IReadOnlyList<ReaderDto> Readers, IReadOnlyList<ReaderErrorDto> Unavailable);

/// <summary>Body of attach: ShareMode Exclusive|Shared|Direct, Protocols e.g. "T0, T1" (defaults from configuration).</summary>
public sealed record AttachRequest(string? ShareMode = null, string? Protocols = null);

/// <summary>Body of detach: Disposition Leave|Reset|Unpower|Eject (default Leave).</summary>
public sealed record DetachRequest(string? Disposition = null);

/// <summary>Body of reconnect: Initialization Leave|Reset|Unpower (default Leave).</summary>
public sealed record ReconnectRequest(string? ShareMode = null, string? Protocols = null, string? Initialization = null);

public sealed record TransmitRequest(string? Apdu);

public sealed record TransactionRequest(IReadOnlyList<string>? Apdus);

public sealed record OperationRequest(JsonObject? Arguments);

public sealed record AttachedDto(string ReaderId, string Session, string Protocol, string ShareMode, string Atr);

public sealed record DetachedDto(string ReaderId, string Session, string Disposition);

public sealed record ReconnectedDto(string ReaderId, string Session, string Protocol, string Atr);

/// <summary>One APDU's answer: response data (hex, without the status word), SW1SW2 as 4 hex digits, card time.</summary>
public sealed record TransmitResult(string Response, string Sw, double ElapsedMs);

public sealed record TransactionResult(IReadOnlyList<TransmitResult> Responses);

/// <summary>One plugin of GET /api/plugins. <see cref="State"/> is Loaded, Quarantined or FailedToLoad; a folder that failed
/// to load has no id yet, so its <see cref="Id"/> and <see cref="Name"/> are the folder's name and it has no version,
/// card type or operations. <see cref="Reason"/> is null while Loaded. <see cref="Cards"/>: readers whose card it holds.</summary>
public sealed record PluginDto(string Id, string Name, string? Version, string? SdkVersion, string State, string? Reason, int Failures,
    IReadOnlyList<string> Cards, string? CardType, string Folder, IReadOnlyList<OperationDto> Operations)
{
    /// <summary>The station whose plugin host loaded it (GET /api/plugins on a clustered node lists every reachable station's).</summary>
    public string Station { get; init; } = "";
}

/// <summary>An operation as its plugin declares it: the dashboard builds its form from <see cref="Arguments"/>.</summary>
public sealed record OperationDto(string Name, string Description, IReadOnlyList<OperationFieldDto> Arguments, IReadOnlyList<OperationFieldDto> Result);

/// <summary>Type: String, Integer, Boolean, Hex, Secret (a PIN or key: never shown or echoed), Object or Array.</summary>
public sealed record OperationFieldDto(string Name, string Type, string Description, bool Required);

public sealed record OperationResultDto(string ReaderId, string Plugin, string Operation, JsonNode? Result, double ElapsedMs);

/// <summary>GET /api/stations: every member of the fleet (a standalone station: itself, address "local").</summary>
public sealed record StationListDto(IReadOnlyList<StationDto> Stations);

/// <summary>One member: roles "station" or "console"; status Joining, Up, Unreachable, Leaving or Down; readers in its
/// directory entry (this node: the readers it manages now); lastSeen now for a reachable member, else when it was lost.</summary>
public sealed record StationDto(string Name, string Address, IReadOnlyList<string> Roles, string Status, int Readers, string? Version,
    DateTimeOffset LastSeen, bool Self);

public sealed record ReadinessDto(bool Ready, bool? PcscReachable, string Pcsc, bool PluginsLoaded)
{
    /// <summary>This node's cluster membership ("member Up", ...); absent on a standalone station.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Cluster { get; init; }

    /// <summary>The node's database: Healthy, or Failing with the reason. Not part of <see cref="Ready"/> (see NodeReadiness).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StorageReadinessDto? Storage { get; init; }
}

/// <summary>The storage part of /readyz: state Healthy or Failing, the failing part's reason (never a password), since when;
/// dropped = audit entries and events refused because storage had been failing long enough to fill its queue.</summary>
public sealed record StorageReadinessDto(string State, string? Reason, DateTimeOffset? Since, long Dropped);

using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Events;

namespace SmartCardFleet.Host.Security;

/// <summary>What the reader and plugin endpoints tell the audit journal, redacted as the logs are: APDUs through
/// <see cref="ApduLog.Redacted"/>, operation arguments through the operation's descriptor
/// (<see cref="OperationDescriptor.RedactArguments"/>).</summary>
public static class AuditSubjects
{
    /// <summary>Most APDUs of one transaction listed in its audit entry (the count is always there): a 256-APDU batch
    /// would not fit the entry's size bound.</summary>
    public const int MaxListedApdus = 16;

    /// <summary>A request about a reader: its id as the client named it, the card's ATR as this station knows it (a
    /// card in another station's reader is known there, not here), and the redacted arguments.</summary>
    public static void SetReaderSubject(this HttpContext context, ReaderTarget target, JsonObject? what = null, string? atr = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        atr ??= target.Station.Remote is null ? context.RequestServices.GetService<KnownReaders>()?.Atr(target.Reader.Value) : null;
        context.SetAuditSubject(new AuditSubject(target.Id, atr, null, what) { Station = target.Station.Name });
    }

    public static JsonObject Apdu(byte[] command) => new() { ["apdu"] = ApduLog.Redacted(command) };

    public static JsonObject Apdus(IReadOnlyList<byte[]> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return new JsonObject
        {
            ["count"] = commands.Count,
            ["apdus"] = new JsonArray([.. commands.Take(MaxListedApdus).Select(c => (JsonNode)ApduLog.Redacted(c))]),
        };
    }

    /// <summary>The operation's arguments as its plugin's descriptor redacts them. Without a descriptor (the plugin or the
    /// operation is not known to this station's catalog) every argument shows only its JSON kind.</summary>
    public static JsonObject Operation(string operation, JsonObject? arguments, string? plugin, PluginCatalogStatus? catalog)
    {
        var info = catalog?.Plugins.FirstOrDefault(p => p.Id == plugin)?.OperationDetails.FirstOrDefault(o => o.Name == operation);
        var descriptor = info?.ToDescriptor() ?? new OperationDescriptor(operation, "");
        return new JsonObject
        {
            ["operation"] = Abstractions.Text.Bounded.Echo(operation),
            ["plugin"] = plugin,
            ["arguments"] = descriptor.RedactArguments(arguments),
        };
    }
}

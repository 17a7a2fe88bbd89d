using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace Echo;

internal sealed class EchoSession : Iso7816SessionBase
{
    public EchoSession(ICardChannel channel)
        : base(channel, cla: 0x00) =>
        Operation("echo", (args, _) =>
        {
            using var pin = args.GetSecret("pin");
            var count = args.GetInt32("count", 0, 1000);
            var label = args.GetOptionalString("label");
            var result = new JsonObject
            {
                ["count"] = count,
                ["enabled"] = args.GetBoolean("enabled", false),
                ["data"] = args.GetOptionalHex("data") is { } data ? Hex.Format(data) : null,
                ["label"] = label,
                ["pinLength"] = pin.Length,
                ["nested"] = new JsonObject { ["count"] = count, ["label"] = label },
            };
            return Task.FromResult<JsonNode?>(result);
        });
}

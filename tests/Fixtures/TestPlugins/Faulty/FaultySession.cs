using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace Faulty;

internal sealed class FaultySession : Iso7816SessionBase
{
    private readonly string _version;

    public FaultySession(ICardChannel channel, string version)
        : base(channel, cla: 0xFF)
    {
        _version = version;
        Operation("version", (_, ct) => VersionAsync(ct));
        Operation("slow", async (args, ct) =>
        {
            await Task.Delay(args.GetInt32("ms", 0, 60_000), ct);
            var result = (JsonObject)(await VersionAsync(ct))!;
            result["finishedAt"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return result;
        });
        Operation("hang", (_, _) => new TaskCompletionSource<JsonNode?>().Task);
        Operation("fail", async (_, ct) =>
        {
            await ReadUidAsync(ct);
            throw new InvalidOperationException("fixture: this operation always fails");
        });
    }

    public int Resets { get; private set; }

    public override Task OnCardResetAsync(CancellationToken cancellationToken)
    {
        Resets++;
        return Task.CompletedTask;
    }

    private async Task<JsonNode?> VersionAsync(CancellationToken cancellationToken) =>
        new JsonObject { ["version"] = _version, ["uid"] = await ReadUidAsync(cancellationToken), ["resets"] = Resets };

    private async Task<string> ReadUidAsync(CancellationToken cancellationToken)
    {
        var response = await TransmitAsync(new CommandApdu(0xFF, 0xCA, 0x00, 0x00, ne: 256), cancellationToken);
        return Hex.Format(response.Data.Span);
    }
}

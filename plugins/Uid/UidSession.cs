using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Uid;

/// <summary>A session on a part 3 storage card. Stateless: a reset changes nothing the session remembers.</summary>
internal sealed class UidSession : Iso7816SessionBase
{
    private const byte ReaderCla = 0xFF;

    public UidSession(ICardChannel channel, TransmitOptions options)
        : base(channel, options, ReaderCla)
    {
        Operation(UidOperations.ReadUid, ReadUidAsync);
        Operation(UidOperations.CardInfo, CardInfoAsync);
        Operation(UidOperations.ReadBinary, ReadBinaryAsync);
        Operation(UidOperations.UpdateBinary, UpdateBinaryAsync);
    }

    private async Task<JsonNode?> ReadUidAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var response = (await TransmitAsync(Iso.GetData(0x0000), cancellationToken))
            .ExpectSuccess("GET DATA (UID)");
        return new JsonObject { ["uid"] = Hex.Format(response.Data.Span), ["length"] = response.Data.Length };
    }

    private Task<JsonNode?> CardInfoAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var atr = Channel.Atr.Bytes.Span;
        // Byte 12 is the standard, bytes 13-14 the card name (PC/SC part 3 supplement, storage cards).
        var standard = atr.Length > 14 ? atr[12] : (byte)0;
        var name = atr.Length > 14 ? (ushort)((atr[13] << 8) | atr[14]) : (ushort)0;
        JsonNode result = new JsonObject
        {
            ["standard"] = Part3Names.Standard(standard),
            ["cardName"] = Part3Names.Card(name),
            ["cardNameCode"] = Hex.Format([(byte)(name >> 8), (byte)name]),
        };
        return Task.FromResult<JsonNode?>(result);
    }

    private async Task<JsonNode?> ReadBinaryAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var page = args.GetInt32("page", 0, 255);
        var length = args.GetOptionalInt32("length", 256, 1, 256);
        var response = (await TransmitAsync(Iso.ReadBinary(page, length), cancellationToken))
            .ExpectSuccess($"READ BINARY of page {page}");
        return new JsonObject { ["page"] = page, ["data"] = Hex.Format(response.Data.Span) };
    }

    private async Task<JsonNode?> UpdateBinaryAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var page = args.GetInt32("page", 1, 255);
        var data = args.GetHex("data");
        if (data.Length is 0 or > 255)
        {
            throw CardOperationException.InvalidArgument("data", $"must hold 1 to 255 bytes, not {data.Length}");
        }

        (await TransmitAsync(Iso.UpdateBinary(page, data), cancellationToken)).ExpectSuccess($"UPDATE BINARY of page {page}");
        return new JsonObject { ["page"] = page, ["written"] = data.Length };
    }
}

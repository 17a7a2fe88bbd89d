using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Iso7816;

/// <summary>Plain ISO/IEC 7816-4 commands. The card keeps the selection; the session remembers nothing.</summary>
internal sealed class Iso7816Session : Iso7816SessionBase
{
    public Iso7816Session(ICardChannel channel, TransmitOptions options)
        : base(channel, options)
    {
        Operation(Iso7816Operations.Select, SelectAsync);
        Operation(Iso7816Operations.ReadBinary, ReadBinaryAsync);
        Operation(Iso7816Operations.ReadRecord, ReadRecordAsync);
        Operation(Iso7816Operations.GetData, GetDataAsync);
    }

    private async Task<JsonNode?> SelectAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var given = new[] { "fid", "path", "aid" }.Where(args.Has).ToList();
        if (given.Count != 1)
        {
            throw CardOperationException.InvalidArgument("fid", $"exactly one of fid, path or aid is needed (got {(given.Count == 0 ? "none" : string.Join(", ", given))})");
        }

        var command = given[0] switch
        {
            "fid" => Iso.Select(SelectBy.FileId, FileId(args.GetHex("fid"))),
            "path" => Iso.SelectByPathFromMf(Path(args.GetHex("path"))),
            _ => Iso.SelectByName(Aid(args.GetHex("aid"))),
        };
        var response = (await TransmitAsync(command, cancellationToken)).ExpectSuccess($"SELECT by {given[0]}");
        return new JsonObject { ["fci"] = Hex.Format(response.Data.Span) };
    }

    private async Task<JsonNode?> ReadBinaryAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var length = args.GetOptionalInt32("length", Iso7816Builder.DefaultNe, 1, CommandApdu.MaxNe);
        CommandApdu command;
        if (args.Has("sfi"))
        {
            command = Iso.ReadBinary(new ShortFileId(args.GetInt32("sfi", 1, 30)), (byte)args.GetOptionalInt32("offset", 0, 0, 255), length);
        }
        else
        {
            command = Iso.ReadBinary(args.GetOptionalInt32("offset", 0, 0, 0x7FFF), length);
        }

        var response = (await TransmitAsync(command, cancellationToken)).ExpectSuccess("READ BINARY");
        return new JsonObject { ["data"] = Hex.Format(response.Data.Span) };
    }

    private async Task<JsonNode?> ReadRecordAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var record = (byte)args.GetInt32("record", 1, 254);
        ShortFileId? sfi = args.Has("sfi") ? new ShortFileId(args.GetInt32("sfi", 1, 30)) : null;
        var response = (await TransmitAsync(Iso.ReadRecord(record, sfi), cancellationToken)).ExpectSuccess($"READ RECORD {record}");
        return new JsonObject { ["data"] = Hex.Format(response.Data.Span) };
    }

    private async Task<JsonNode?> GetDataAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var tag = args.GetHex("tag");
        if (tag.Length is not (1 or 2))
        {
            throw CardOperationException.InvalidArgument("tag", $"must be 1 or 2 bytes, not {tag.Length}");
        }

        var value = tag.Length == 1 ? tag[0] : (ushort)((tag[0] << 8) | tag[1]);
        var response = (await TransmitAsync(Iso.GetData(value), cancellationToken)).ExpectSuccess($"GET DATA {Hex.Format(tag)}");
        return new JsonObject { ["data"] = Hex.Format(response.Data.Span) };
    }

    private static byte[] FileId(byte[] fid) => fid.Length == 2
        ? fid
        : throw CardOperationException.InvalidArgument("fid", $"must be 2 bytes, not {fid.Length}");

    private static byte[] Path(byte[] path) => path.Length is > 0 and <= 16 && path.Length % 2 == 0
        ? path
        : throw CardOperationException.InvalidArgument("path", $"must be 1 to 8 file ids (2 to 16 bytes), not {path.Length} bytes");

    private static byte[] Aid(byte[] aid) => aid.Length is >= 1 and <= 16
        ? aid
        : throw CardOperationException.InvalidArgument("aid", $"must be 1 to 16 bytes, not {aid.Length}");
}

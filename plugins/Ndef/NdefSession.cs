using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>
/// Reads and writes the NDEF message. Every operation starts from the NDEF application SELECT: the card is shared,
/// so the session never trusts a selection made in an earlier operation.
/// </summary>
internal sealed class NdefSession : Iso7816SessionBase
{
    public const string ApplicationId = "D2760000850101";

    private static readonly byte[] ApplicationIdBytes = Hex.Parse(ApplicationId);

    public NdefSession(ICardChannel channel, TransmitOptions options)
        : base(channel, options)
    {
        Operation(NdefOperations.ReadNdef, ReadAsync);
        Operation(NdefOperations.WriteNdefUri, (args, ct) => WriteAsync(NdefCodec.UriRecord(args.GetString("uri")), ct));
        Operation(NdefOperations.WriteNdefText, (args, ct) => WriteAsync(NdefCodec.TextRecord(args.GetString("text"), Language(args)), ct));
        Operation(NdefOperations.VerifyNdefUri, (args, ct) => VerifyAsync(NdefCodec.UriRecord(args.GetString("uri")), ct));
        Operation(NdefOperations.VerifyNdefText, (args, ct) => VerifyAsync(NdefCodec.TextRecord(args.GetString("text"), Language(args)), ct));
    }

    /// <summary>Whether the tag holds exactly <paramref name="expected"/>, the message the matching write would write: the
    /// verify half of SDK 1.3's VerifiedBy convention, which enrollment jobs run on a card whose write was in doubt.</summary>
    private async Task<JsonNode?> VerifyAsync(byte[] expected, CancellationToken cancellationToken)
    {
        var cc = await OpenNdefFileAsync(cancellationToken);
        if (!cc.Readable)
        {
            throw CardOperationException.NotSupported("verifying this tag: its capability container denies read access");
        }

        var nlen = await ReadExactAsync(0, 2, cc, cancellationToken);
        var length = (nlen[0] << 8) | nlen[1];
        var applied = length == expected.Length && (await ReadExactAsync(2, length, cc, cancellationToken)).AsSpan().SequenceEqual(expected);
        return new JsonObject { ["applied"] = applied };
    }

    private async Task<JsonNode?> ReadAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var cc = await OpenNdefFileAsync(cancellationToken);
        if (!cc.Readable)
        {
            throw CardOperationException.NotSupported("reading this tag: its capability container denies read access");
        }

        var nlen = await ReadExactAsync(0, 2, cc, cancellationToken);
        var length = (nlen[0] << 8) | nlen[1];
        if (length > cc.MaxNdefSize - 2)
        {
            throw new CardOperationException(CardOperationError.CardError, $"The tag reports NLEN {length}, more than its NDEF file holds ({cc.MaxNdefSize - 2}).");
        }

        var message = await ReadExactAsync(2, length, cc, cancellationToken);
        return new JsonObject
        {
            ["length"] = length,
            ["message"] = Hex.Format(message),
            ["records"] = NdefCodec.Describe(message),
            ["maxSize"] = cc.MaxNdefSize,
            ["writable"] = cc.Writable,
        };
    }

    /// <summary>The NFC Forum update procedure: NLEN = 0, write the message, then NLEN = its length, so a reader that
    /// catches the tag half-way sees an empty message rather than a torn one.</summary>
    private async Task<JsonNode?> WriteAsync(byte[] message, CancellationToken cancellationToken)
    {
        var cc = await OpenNdefFileAsync(cancellationToken);
        if (!cc.Writable)
        {
            throw CardOperationException.NotSupported("writing this tag: it is read-only");
        }

        if (message.Length + 2 > cc.MaxNdefSize)
        {
            throw CardOperationException.InvalidArgument("uri/text", $"makes a {message.Length}-byte message; this tag holds at most {cc.MaxNdefSize - 2}");
        }

        await UpdateAsync(0, [0x00, 0x00], cancellationToken);
        // The chunks do not depend on each other's answers: one batch, one trip to the reader's thread. NLEN is
        // written only after every chunk succeeded, so a failed chunk leaves an empty tag, never a torn message.
        var chunks = new List<CommandApdu>();
        for (var done = 0; done < message.Length; done += cc.MaxWrite)
        {
            chunks.Add(Iso.UpdateBinary(2 + done, message.AsSpan(done, Math.Min(cc.MaxWrite, message.Length - done))));
        }

        var written = await Channel.TransmitBatchAsync(chunks, cancellationToken);
        for (var i = 0; i < chunks.Count; i++)
        {
            written[i].ExpectSuccess($"UPDATE BINARY at {2 + (i * cc.MaxWrite)}");
        }

        await UpdateAsync(0, [(byte)(message.Length >> 8), (byte)message.Length], cancellationToken);
        return new JsonObject { ["length"] = message.Length };
    }

    private async Task<CapabilityContainer> OpenNdefFileAsync(CancellationToken cancellationToken)
    {
        await TransmitExpectSuccessAsync(Iso.SelectByName(ApplicationIdBytes), "SELECT of the NDEF application", cancellationToken);
        await TransmitExpectSuccessAsync(Iso.SelectFile(CapabilityContainer.FileId, SelectResponse.None), "SELECT of the capability container", cancellationToken);
        var raw = (await TransmitAsync(Iso.ReadBinary(0, 15), cancellationToken)).ExpectSuccess("READ BINARY of the capability container");
        var cc = CapabilityContainer.Parse(raw.Data.Span);
        await TransmitExpectSuccessAsync(Iso.SelectFile(cc.NdefFileId, SelectResponse.None), $"SELECT of the NDEF file {cc.NdefFileId:X4}", cancellationToken);
        return cc;
    }

    /// <summary>Every block still missing is known in advance, so they are read in one batch. A block shorter than
    /// asked shifts the rest: reading continues with a new batch from the first missing byte.</summary>
    private async Task<byte[]> ReadExactAsync(int offset, int length, CapabilityContainer cc, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        var block = Math.Min(cc.MaxRead, 256);
        for (var done = 0; done < length;)
        {
            var reads = new List<CommandApdu>();
            for (var planned = done; planned < length; planned += block)
            {
                reads.Add(Iso.ReadBinary(offset + planned, Math.Min(block, length - planned)));
            }

            var responses = await Channel.TransmitBatchAsync(reads, cancellationToken);
            for (var i = 0; i < reads.Count; i++)
            {
                var response = responses[i].ExpectSuccess($"READ BINARY at {offset + done}");
                if (response.Data.IsEmpty)
                {
                    throw new CardOperationException(CardOperationError.CardError, $"The tag returned no data at offset {offset + done}.");
                }

                var take = Math.Min(response.Data.Length, length - done);
                response.Data.Span[..take].CopyTo(result.AsSpan(done));
                done += take;
                if (response.Data.Length < reads[i].Ne)
                {
                    break;
                }
            }
        }

        return result;
    }

    private async Task UpdateAsync(int offset, byte[] data, CancellationToken cancellationToken) =>
        await TransmitExpectSuccessAsync(Iso.UpdateBinary(offset, data), $"UPDATE BINARY at {offset}", cancellationToken);

    private static string Language(OperationArguments args)
    {
        var language = args.GetOptionalString("language") ?? "en";
        return language.Length is >= 1 and <= 63 && language.All(char.IsAscii)
            ? language
            : throw CardOperationException.InvalidArgument("language", "must be 1 to 63 ASCII characters");
    }
}

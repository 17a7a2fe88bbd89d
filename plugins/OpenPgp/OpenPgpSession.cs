using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Abstractions.Tlv;

namespace SmartCardFleet.Plugins.OpenPgp;

/// <summary>
/// A session on the OpenPGP application. It remembers whether the application is selected; a card reset (by anyone)
/// drops that, and the next operation selects again.
/// </summary>
internal sealed class OpenPgpSession : Iso7816SessionBase
{
    public const string ApplicationId = "D27600012401";

    private static readonly byte[] ApplicationIdBytes = Hex.Parse(ApplicationId);

    private bool _selected;

    public OpenPgpSession(ICardChannel channel, TransmitOptions options)
        : base(channel, options)
    {
        Operation(OpenPgpOperations.GetApplicationData, GetApplicationDataAsync);
        Operation(OpenPgpOperations.CardholderName, CardholderNameAsync);
        Operation(OpenPgpOperations.Fingerprints, FingerprintsAsync);
        Operation(OpenPgpOperations.PinRetryCounters, RetryCountersAsync);
        Operation(OpenPgpOperations.VerifyPin, VerifyPinAsync);
    }

    public override Task OnCardResetAsync(CancellationToken cancellationToken)
    {
        _selected = false;
        return Task.CompletedTask;
    }

    private async Task<JsonNode?> GetApplicationDataAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var aid = await GetDataAsync(0x004F, "the AID", cancellationToken);
        if (aid.Length < 14)
        {
            throw new CardOperationException(CardOperationError.CardError, $"The card's AID is {aid.Length} bytes; an OpenPGP AID has 16.");
        }

        var manufacturer = (ushort)((aid[8] << 8) | aid[9]);
        return new JsonObject
        {
            ["aid"] = Hex.Format(aid),
            ["version"] = $"{aid[6]:X}.{aid[7]:X}",
            ["manufacturer"] = Hex.Format(aid.AsSpan(8, 2)),
            ["manufacturerName"] = Manufacturers.Name(manufacturer),
            ["serial"] = Hex.Format(aid.AsSpan(10, 4)),
        };
    }

    private async Task<JsonNode?> CardholderNameAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var data = await GetDataAsync(0x0065, "the cardholder related data", cancellationToken);
        var objects = BerTlvReader.ParseAll(Unwrap(data, 0x65));
        var name = BerTlv.Find(objects, 0x5B) is { } nameObject ? Encoding.Latin1.GetString(nameObject.Value.Span) : "";
        var result = new JsonObject
        {
            ["name"] = name,
            ["displayName"] = string.Join(' ', name.Split('<', StringSplitOptions.RemoveEmptyEntries)),
        };
        if (BerTlv.Find(objects, 0x5F2D) is { } language)
        {
            result["language"] = Encoding.ASCII.GetString(language.Value.Span);
        }

        return result;
    }

    private async Task<JsonNode?> FingerprintsAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var data = await GetDataAsync(0x006E, "the application related data", cancellationToken);
        var fingerprints = BerTlv.Find(BerTlvReader.ParseAll(data), 0xC5)?.Value.ToArray()
            ?? throw new CardOperationException(CardOperationError.CardError, "The application related data has no fingerprints (C5).");
        if (fingerprints.Length < 60)
        {
            throw new CardOperationException(CardOperationError.CardError, $"The fingerprints object is {fingerprints.Length} bytes; expected 60.");
        }

        return new JsonObject
        {
            ["signature"] = Fingerprint(fingerprints, 0),
            ["decryption"] = Fingerprint(fingerprints, 1),
            ["authentication"] = Fingerprint(fingerprints, 2),
        };
    }

    private async Task<JsonNode?> RetryCountersAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var status = await GetDataAsync(0x00C4, "the PW status bytes", cancellationToken);
        if (status.Length < 7)
        {
            throw new CardOperationException(CardOperationError.CardError, $"The PW status bytes are {status.Length} bytes; expected 7.");
        }

        return new JsonObject
        {
            ["pw1ValidForSeveralSignatures"] = status[0] != 0x00,
            ["pw1"] = (int)status[4],
            ["resettingCode"] = (int)status[5],
            ["pw3"] = (int)status[6],
        };
    }

    /// <summary>The PIN goes from the request straight into the VERIFY body; it is never echoed in a result, message
    /// or exception, and the host's logs redact VERIFY bodies.</summary>
    private async Task<JsonNode?> VerifyPinAsync(OperationArguments args, CancellationToken cancellationToken)
    {
        var reference = (args.GetOptionalString("reference") ?? "pw1") switch
        {
            "pw1" => (byte)0x82,
            "pw1-sign" => (byte)0x81,
            "pw3" => (byte)0x83,
            _ => throw CardOperationException.InvalidArgument("reference", "must be \"pw1\", \"pw1-sign\" or \"pw3\""),
        };
        using var pin = args.GetSecret("pin");
        if (pin.Length is < 6 or > 127)
        {
            throw CardOperationException.InvalidArgument("pin", "must be 6 to 127 bytes long");
        }

        await SelectAsync(cancellationToken);
        var response = await TransmitAsync(Iso.Verify(reference, pin), cancellationToken);
        return response.StatusWord.Value switch
        {
            0x9000 => new JsonObject { ["verified"] = true, ["blocked"] = false },
            0x6983 => new JsonObject { ["verified"] = false, ["retriesLeft"] = 0, ["blocked"] = true },
            _ when response.RetriesLeft is { } left => new JsonObject { ["verified"] = false, ["retriesLeft"] = left, ["blocked"] = left == 0 },
            // 6982 is what OpenPGP cards answer for a wrong PIN; the counter is then read from C4.
            0x6982 => new JsonObject { ["verified"] = false, ["retriesLeft"] = await TriesLeftAsync(reference, cancellationToken), ["blocked"] = false },
            _ => throw CardOperationException.ForStatusWord(response.StatusWord, "VERIFY"),
        };
    }

    private async Task<int> TriesLeftAsync(byte reference, CancellationToken cancellationToken)
    {
        var status = await GetDataAsync(0x00C4, "the PW status bytes", cancellationToken);
        return status.Length < 7 ? -1 : reference == 0x83 ? status[6] : status[4];
    }

    private async Task<byte[]> GetDataAsync(ushort tag, string what, CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        var response = (await TransmitAsync(Iso.GetData(tag), cancellationToken)).ExpectSuccess($"GET DATA of {what}");
        return response.Data.ToArray();
    }

    private async Task SelectAsync(CancellationToken cancellationToken)
    {
        if (_selected)
        {
            return;
        }

        await TransmitExpectSuccessAsync(Iso.SelectByName(ApplicationIdBytes), "SELECT of the OpenPGP application", cancellationToken);
        _selected = true;
    }

    /// <summary>Some cards return the 65 template itself, others only its content.</summary>
    private static ReadOnlyMemory<byte> Unwrap(byte[] data, uint tag)
    {
        if (data.Length > 0 && data[0] == tag)
        {
            var template = BerTlvReader.Parse(data);
            if (template.Tag == tag)
            {
                return template.Value;
            }
        }

        return data;
    }

    private static string? Fingerprint(byte[] all, int index)
    {
        var slice = all.AsSpan(index * 20, 20);
        return slice.ContainsAnyExcept((byte)0) ? Hex.Format(slice) : null;
    }
}

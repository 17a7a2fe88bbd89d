using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

/// <summary>A minimal plugin written the way a third-party author would, used to exercise the base classes.</summary>
internal sealed class SamplePlugin(PluginManifest manifest) : CardPluginBase(manifest)
{
    public static PluginManifest DefaultManifest => new()
    {
        Id = "org.example.sample",
        Name = "Sample card",
        Version = "0.1.0",
        SdkVersion = SdkInfo.Version,
        CardType = "Sample",
        AtrPatterns = [AtrPattern.Parse("3B:02:14:50")],
        ProbeAids = [Aid.Parse("A0 00 00 00 01"), Aid.Parse("A0 00 00 00 02")],
        Operations =
        [
            new OperationDescriptor("read-binary", "Reads bytes of the current EF.")
            {
                Arguments = new Dictionary<string, OperationField>
                {
                    ["offset"] = new(FieldType.Integer, "Offset, 0-32767."),
                    ["length"] = new(FieldType.Integer, "Bytes to read, 1-256.", Required: false),
                },
                Result = new Dictionary<string, OperationField> { ["data"] = new(FieldType.Hex, "The bytes read.") },
            },
            new OperationDescriptor("verify-pin", "Verifies the PIN.")
            {
                Arguments = new Dictionary<string, OperationField> { ["code"] = new(FieldType.Secret, "The PIN digits.") },
            },
            new OperationDescriptor("select", "Selects an application.")
            {
                Arguments = new Dictionary<string, OperationField> { ["aid"] = new(FieldType.Hex, "The AID.") },
            },
        ],
    };

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new SampleSession(channel, Manifest.ResponseHandling));
}

internal sealed class SampleSession : Iso7816SessionBase
{
    public SampleSession(ICardChannel channel, TransmitOptions options)
        : base(channel, options)
    {
        Operation("read-binary", ReadBinaryAsync);
        Operation("verify-pin", VerifyPinAsync);
        Operation("select", SelectAsync);
    }

    public string? SelectedAid { get; private set; }

    public override Task OnCardResetAsync(CancellationToken cancellationToken)
    {
        SelectedAid = null; // the card forgot the selection, so must we
        return Task.CompletedTask;
    }

    private async Task<JsonNode?> ReadBinaryAsync(OperationArguments args, CancellationToken ct)
    {
        var offset = args.GetInt32("offset", 0, 0x7FFF);
        var length = args.GetOptionalInt32("length", 256, 1, 256);
        var response = await TransmitExpectSuccessAsync(Iso.ReadBinary(offset, length), "READ BINARY", ct);
        return new JsonObject { ["data"] = Hex.Format(response.Data.Span) };
    }

    private async Task<JsonNode?> VerifyPinAsync(OperationArguments args, CancellationToken ct)
    {
        using var pin = args.GetSecret("code");
        var response = await TransmitAsync(Iso.Verify(0x81, pin), ct);
        return response.RetriesLeft is { } left
            ? throw CardOperationException.CardError(response.StatusWord, $"VERIFY ({left} retries left)")
            : response.IsSuccess ? null : throw CardOperationException.CardError(response.StatusWord, "VERIFY");
    }

    private async Task<JsonNode?> SelectAsync(OperationArguments args, CancellationToken ct)
    {
        var aid = args.GetHex("aid");
        await TransmitExpectSuccessAsync(Iso.SelectByName(aid), "SELECT", ct);
        SelectedAid = Hex.Format(aid);
        return null;
    }
}

using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace Contoso.Badge;

/// <summary>A conversation with one badge card. Each operation selects the application itself: after a reset (by
/// anyone) the card has forgotten the selection, and the station never promises what the card has selected.</summary>
internal sealed class BadgeSession : Iso7816SessionBase
{
    public BadgeSession(ICardChannel channel, TransmitOptions responseHandling)
        : base(channel, responseHandling)
    {
        Operation(BadgeOperations.ReadBadge, ReadBadgeAsync);
    }

    private async Task<JsonNode?> ReadBadgeAsync(OperationArguments arguments, CancellationToken cancellationToken)
    {
        await TransmitExpectSuccessAsync(Iso.SelectByName(BadgePlugin.ApplicationId.Bytes.Span), "SELECT of the badge application", cancellationToken);
        var response = await TransmitExpectSuccessAsync(new CommandApdu(0x80, 0xCA, 0x00, 0x01, ne: 256), "GET DATA of the badge number", cancellationToken);
        var data = response.Data.Span;
        if (data.Length is 0 or > 4 || (data.Length == 4 && data[0] > 0x7F))
        {
            throw new CardOperationException(CardOperationError.CardError,
                $"The badge number must be 1 to 4 bytes below 80 00 00 00; the card sent {Hex.Format(data)}.");
        }

        var number = 0;
        foreach (var b in data)
        {
            number = (number << 8) | b;
        }

        return new JsonObject { ["badgeNumber"] = number };
    }
}
